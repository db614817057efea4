import type { LoadedTree } from '../load/load-tree.js'
import type { Registry } from '../plugins/registry.js'
import type { Clock } from '../runtime/clock.js'
import type { PassReport } from '../runtime/manager.js'
import type { Store } from '../store/store.js'
import type { View } from '../view/view.js'
import type { Pass } from './engine.js'
import { createEngine, runOnce } from './engine.js'
import type { LoadOptions } from './load-only.js'
import { loadOnly } from './load-only.js'
import type { PlannedWrite, UnwritableFile } from './plan-writes.js'
import { planWrites } from './plan-writes.js'

export { loadOnly } from './load-only.js'

export interface OnceOptions extends LoadOptions {
  readonly registry: Registry
  readonly clock: Clock
  /**
   * True when the files as loaded are exactly those of a tree berth left converged (the
   * parse cache knows): the statuses in them are the fixed point, so nothing is reconciled.
   */
  readonly converged?: (store: Store) => boolean
}

export interface OnceResult {
  readonly tree: LoadedTree
  readonly store: Store
  readonly view: View
  /** Undefined when the tree has diagnostics: nothing was reconciled. */
  readonly report: PassReport | undefined
  readonly writes: readonly PlannedWrite[]
  /** Files whose status cannot be written in place (reported, never touched). */
  readonly unwritable: readonly UnwritableFile[]
  /** A reconcile asked to look again after this many ms (an update's next batch); undefined: none. */
  readonly requeueAfter: number | undefined
  /** Nothing was reconciled: the tree was already converged. */
  readonly skipped: boolean
}

/**
 * Where a one-shot run reconciles the loaded desired state (`desired`, a fresh store): in
 * memory by default, or through a durable store. Returns the store holding the outcome.
 */
export type Reconciler = (desired: Store, tree: LoadedTree) => Promise<Pass & { store: Store; view: View }>

/**
 * Loads the directory and reconciles it to a fixed point (in memory unless `through` says
 * otherwise); the caller decides whether to write. Any invalid file stops it before
 * reconciling (a one-shot run over invalid input writes nothing).
 */
export async function reconcileOnce(options: OnceOptions, through?: Reconciler): Promise<OnceResult> {
  const { tree, store, view } = await loadOnly(options)
  const nothing = { writes: [], unwritable: [], requeueAfter: undefined }
  if (tree.diagnostics.length > 0) return { tree, store, view, report: undefined, ...nothing, skipped: false }
  if (options.converged?.(store)) {
    const report: PassReport = {
      reconciles: 0,
      changed: new Set(),
      failed: new Map(),
      stalled: [],
      held: new Map(),
    }
    return { tree, store, view, report, ...nothing, skipped: true }
  }
  const total = tree.resources.length
  options.progress?.({ phase: 'reconcile', done: 0, total })
  const run = through ?? ((desired: Store) => inMemory(desired, options))
  const pass = await run(store, tree)
  options.progress?.({ phase: 'reconcile', done: total, total })
  return { tree, ...pass, ...planWrites(tree.files, pass.store), skipped: false }
}

async function inMemory(store: Store, options: OnceOptions): Promise<Pass & { store: Store; view: View }> {
  const engine = createEngine({ store, registry: options.registry, clock: options.clock })
  return { store, view: engine.view, ...(await runOnce(engine)) }
}
