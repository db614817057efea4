import { controllers } from '../../controllers/index.js'
import { observeContent } from '../io/observe-content.js'
import type { LoadedTree } from '../load/load-tree.js'
import { loadTree } from '../load/load-tree.js'
import type { SchemaValidator } from '../load/to-resource.js'
import type { Registry } from '../plugins/registry.js'
import type { Clock } from '../runtime/clock.js'
import type { PassReport } from '../runtime/manager.js'
import { createManager } from '../runtime/manager.js'
import type { Store } from '../store/store.js'
import { createStore } from '../store/store.js'
import type { View } from '../view/view.js'
import { createView } from '../view/view.js'
import type { PlannedWrite, UnwritableFile } from './plan-writes.js'
import { planWrites } from './plan-writes.js'
import type { Progress } from './progress.js'

export interface OnceOptions {
  readonly dir: string
  readonly validator: SchemaValidator
  readonly registry: Registry
  readonly clock: Clock
  readonly progress?: Progress
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
}

/**
 * Loads the directory and reconciles it to a fixed point in memory; the
 * caller decides whether to write. Any invalid file stops it before
 * reconciling (SPEC §3: a one-shot run over invalid input writes nothing).
 */
export async function reconcileOnce(options: OnceOptions): Promise<OnceResult> {
  const { tree, store, view } = await loadOnly(options)
  if (tree.diagnostics.length > 0) return { tree, store, view, report: undefined, writes: [], unwritable: [] }
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
  manager.stop()
  options.progress?.({ phase: 'reconcile', done: tree.resources.length, total: tree.resources.length })
  return { tree, store, view, report, ...planWrites(tree.files, store) }
}

/** Loads the directory without reconciling: what `get` and friends read. */
export async function loadOnly(
  options: Pick<OnceOptions, 'dir' | 'validator' | 'progress'>,
): Promise<{ tree: LoadedTree; store: Store; view: View }> {
  const tree = await loadTree(options.dir, options.validator, options.progress)
  const store = createStore()
  for (const resource of tree.resources) store.put(observeContent(resource, options.dir))
  return { tree, store, view: createView(store) }
}
