import { controllers } from '../controllers/index.js'
import { storeOf } from '../src/engine/load-only.js'
import { loadFile } from '../src/load/load-file.js'
import { combineFiles } from '../src/load/load-tree.js'
import type { AnyController, ReconcileContext } from '../src/runtime/controller.js'
import type { Store } from '../src/store/store.js'
import type { BenchEnv } from './env.js'
import type { GeneratedFile } from './templates.js'

/**
 * Loads generated text straight into a store, without files: the loader's
 * own `loadFile` on each text. Throws when the generator wrote something
 * berth rejects — a benchmark of invalid input would measure nothing.
 */
export function loadIntoStore(files: readonly GeneratedFile[], env: BenchEnv): Store {
  const tree = combineFiles(files.map((f) => loadFile(f.path, f.text, env.validator)))
  if (tree.diagnostics.length > 0) {
    const first = tree.diagnostics.slice(0, 5).map((d) => `${d.file}:${d.line}:${d.col} ${d.message}`)
    throw new Error(
      `generated cluster is invalid (${tree.diagnostics.length} problems):\n${first.join('\n')}`,
    )
  }
  return storeOf(tree.resources).store
}

/** Time spent inside each controller's `reconcile`, and how often it ran. */
export interface ControllerTimes {
  readonly ms: Map<string, number>
  readonly calls: Map<string, number>
}

/** The real controllers, each wrapped to account its own time. */
export function timedControllers(): { controllers: readonly AnyController[]; times: ControllerTimes } {
  const times: ControllerTimes = { ms: new Map(), calls: new Map() }
  const wrapped = controllers.map((c) => {
    const inner = c.reconcile as (r: unknown, ctx: ReconcileContext) => unknown
    const reconcile = (r: unknown, ctx: ReconcileContext) => {
      const start = performance.now()
      try {
        return inner(r, ctx)
      } finally {
        times.ms.set(c.kind, (times.ms.get(c.kind) ?? 0) + performance.now() - start)
        times.calls.set(c.kind, (times.calls.get(c.kind) ?? 0) + 1)
      }
    }
    return { ...c, reconcile } as unknown as AnyController
  })
  return { controllers: wrapped, times }
}

/** Tasks recorded in the store: placed on a node, or waiting for one. */
export function countTasks(store: Store): { placed: number; pending: number } {
  let placed = 0
  let pending = 0
  for (const service of store.list('Service')) {
    for (const task of service.status?.tasks ?? []) {
      if (task.desiredState !== 'running') continue
      if (task.node) placed++
      else pending++
    }
  }
  return { placed, pending }
}
