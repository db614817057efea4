import { createEngine, runOnce } from '../engine/engine.js'
import { storeOf } from '../engine/load-only.js'
import type { OnceOptions, OnceResult } from '../engine/reconcile-once.js'
import { reconcileOnce } from '../engine/reconcile-once.js'
import type { ObjectStore } from '../store/contract.js'
import { openMirror } from '../store/mirror.js'
import { syncDesired } from './sync.js'

/**
 * `reconcileOnce` through a durable store: the directory's desired state is
 * synced into it, the controllers run on its mirror and every status goes
 * out as a compare-and-swap; the result is read back from the store, so what
 * it reports (and what would be written to the files) is what the store holds.
 * The store is the truth here: a tree the parse cache knows converged is reconciled all the same.
 */
export async function reconcileThrough(objects: ObjectStore, options: OnceOptions): Promise<OnceResult> {
  const { converged: _converged, ...once } = options
  return reconcileOnce(once, async (_desired, tree) => {
    const mirror = await openMirror(objects, { mode: 'write' })
    try {
      syncDesired(tree.resources, mirror.store)
      const pass = await runOnce(
        createEngine({ store: mirror.store, registry: options.registry, clock: options.clock }),
      )
      await mirror.flush()
      if (mirror.conflicts() > 0)
        throw new Error(`${mirror.conflicts()} writes met a newer version in the store`)
      return { ...pass, ...storeOf((await objects.list()).objects.map((o) => o.resource)) }
    } finally {
      await mirror.close()
    }
  })
}
