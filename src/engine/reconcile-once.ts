import { controllers } from '../../controllers/index.js'
import type { LoadedFile } from '../load/load-file.js'
import type { LoadedTree } from '../load/load-tree.js'
import type { SchemaValidator } from '../load/to-resource.js'
import type { Progress } from '../model/progress.js'
import type { Registry } from '../plugins/registry.js'
import type { Clock } from '../runtime/clock.js'
import type { PassReport } from '../runtime/manager.js'
import { createManager } from '../runtime/manager.js'
import type { Store } from '../store/store.js'
import type { View } from '../view/view.js'
import { loadOnly } from './load-only.js'
import type { PlannedWrite, UnwritableFile } from './plan-writes.js'
import { planWrites } from './plan-writes.js'

export { loadOnly } from './load-only.js'

export interface OnceOptions {
  readonly dir: string
  readonly validator: SchemaValidator
  readonly registry: Registry
  readonly clock: Clock
  readonly progress?: Progress
  /** Loads one file (the parse cache's loader); default: parse it. */
  readonly load?: (path: string, text: string) => LoadedFile
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
 * Loads the directory and reconciles it to a fixed point in memory; the
 * caller decides whether to write. Any invalid file stops it before
 * reconciling (a one-shot run over invalid input writes nothing).
 */
export async function reconcileOnce(options: OnceOptions): Promise<OnceResult> {
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
  const manager = createManager({
    store,
    view,
    controllers,
    registry: options.registry,
    clock: options.clock,
  })
  manager.enqueueAll()
  options.progress?.({ phase: 'reconcile', done: 0, total: tree.resources.length })
  const report = await manager.runToFixedPoint()
  const requeueAfter = manager.nextDelay()
  manager.stop()
  options.progress?.({ phase: 'reconcile', done: tree.resources.length, total: tree.resources.length })
  return { tree, store, view, report, ...planWrites(tree.files, store), requeueAfter, skipped: false }
}
