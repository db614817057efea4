import { controllers } from '../../controllers/index.js'
import { planWrites } from '../engine/plan-writes.js'
import type { OnceOptions, OnceResult } from '../engine/reconcile-once.js'
import { observeContent } from '../io/observe-content.js'
import { loadTree } from '../load/load-tree.js'
import { createManager } from '../runtime/manager.js'
import type { ObjectStore } from '../store/contract.js'
import { openMirror } from '../store/mirror.js'
import { createStore } from '../store/store.js'
import { createView } from '../view/view.js'
import { syncDesired } from './sync.js'

/**
 * `reconcileOnce` through a durable store: the directory's desired state is
 * synced into it, the controllers run on its mirror and every status goes
 * out as a compare-and-swap; the result is read back from the store, so what
 * it reports (and what would be written to the files) is what the store holds.
 */
export async function reconcileThrough(objects: ObjectStore, options: OnceOptions): Promise<OnceResult> {
  const loaded = await loadTree(options.dir, options.validator, options.progress)
  // Secrets' and Configs' content is read at this edge, as `loadOnly` does for the directory.
  const tree = { ...loaded, resources: loaded.resources.map((r) => observeContent(r, options.dir)) }
  if (tree.diagnostics.length > 0) {
    const store = createStore()
    for (const r of tree.resources) store.put(r)
    return {
      tree,
      store,
      view: createView(store),
      report: undefined,
      writes: [],
      unwritable: [],
      requeueAfter: undefined,
      skipped: false,
    }
  }
  const mirror = await openMirror(objects, { mode: 'write' })
  try {
    syncDesired(tree.resources, mirror.store)
    const manager = createManager({
      store: mirror.store,
      view: createView(mirror.store),
      controllers,
      registry: options.registry,
      clock: options.clock,
    })
    manager.enqueueAll()
    const report = await manager.runToFixedPoint()
    const requeueAfter = manager.nextDelay()
    manager.stop()
    await mirror.flush()
    if (mirror.conflicts() > 0)
      throw new Error(`${mirror.conflicts()} writes met a newer version in the store`)
    const stored = createStore()
    for (const o of (await objects.list()).objects) stored.put(o.resource)
    return {
      tree,
      store: stored,
      view: createView(stored),
      report,
      ...planWrites(tree.files, stored),
      requeueAfter,
      skipped: false,
    }
  } finally {
    await mirror.close()
  }
}
