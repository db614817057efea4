import { controllers } from '../controllers/index.js'
import { openParseCache } from '../src/cache/parse-cache.js'
import { reconcileInputs } from '../src/cache/reconcile-inputs.js'
import { commitWrites } from '../src/engine/commit-writes.js'
import { planWrites } from '../src/engine/plan-writes.js'
import { loadTree } from '../src/load/load-tree.js'
import { createManager } from '../src/runtime/manager.js'
import { createStore } from '../src/store/store.js'
import { createView } from '../src/view/view.js'
import type { BenchEnv } from './env.js'
import type { Figure } from './figure.js'
import { collectGarbage, median, now } from './timing.js'
import { copyTree, removeTree } from './tree-files.js'
import { ioFloor, yamlFloor } from './yaml-floor.js'

/** One `berth reconcile` of a directory, phase by phase, as the CLI does it. */
export interface ReconcileRun {
  readonly ms: number
  readonly phases: { load: number; reconcile: number; plan: number; commit: number }
  readonly files: number
  readonly planned: number
  readonly written: number
  readonly reconciles: number
  readonly cache: { hits: number; misses: number }
  /** The tree was known converged: nothing reconciled. */
  readonly skipped: boolean
}

/**
 * loadTree (through the parse cache) + the manager to a fixed point + planWrites +
 * commitWrites + the cache's update, the steps of `reconcileOnce` and the CLI's write,
 * timed one by one.
 */
export async function reconcileDir(dir: string, env: BenchEnv): Promise<ReconcileRun> {
  const t0 = now()
  const cache = await openParseCache(dir, env.validator.schemaDigest)
  const tree = await loadTree(dir, env.validator, undefined, cache.loader(env.validator))
  if (tree.diagnostics.length > 0)
    throw new Error(
      `tree ${dir} has ${tree.diagnostics.length} diagnostics, e.g. ${tree.diagnostics[0]?.message}`,
    )
  const store = createStore()
  for (const resource of tree.resources) store.put(resource)
  const view = createView(store)
  const inputs = reconcileInputs(env.registry)
  // As `berth reconcile`: a tree left converged, byte for byte, is not reconciled again.
  const skipped = cache.converged(inputs)
  const manager = createManager({ store, view, controllers, registry: env.registry, clock: env.clock })
  if (!skipped) manager.enqueueAll()
  const t1 = now()
  const pass = await manager.runToFixedPoint()
  const requeue = manager.nextDelay()
  manager.stop()
  const t2 = now()
  const { writes } = skipped ? { writes: [] } : planWrites(tree.files, store)
  const t3 = now()
  const commit = await commitWrites(dir, writes)
  const written = new Set(commit.written)
  const before = new Map(tree.files.map((f) => [f.path, f]))
  cache.wrote(
    writes.flatMap((w) => {
      const file = before.get(w.path)
      return file && written.has(w.path) ? [{ before: file, after: w.after }] : []
    }),
    (r) => store.get(r.kind, r.name)?.status,
  )
  const settled = commit.failed.length === 0 && commit.conflicts.length === 0 && pass.failed.size === 0
  if (settled && pass.stalled.length === 0 && requeue === undefined) cache.markConverged(inputs)
  await cache.save()
  const t4 = now()
  if (commit.failed.length > 0) throw new Error(`writes failed: ${commit.failed[0]?.message}`)
  return {
    ms: t4 - t0,
    phases: { load: t1 - t0, reconcile: t2 - t1, plan: t3 - t2, commit: t4 - t3 },
    cache: { ...cache.stats },
    files: tree.files.length,
    planned: writes.length,
    written: commit.written.length,
    reconciles: pass.reconciles,
    skipped,
  }
}

/** Median of `repeat` timings of the yaml floor over a directory. */
async function floorMs(dir: string, repeat: number): Promise<number> {
  const runs: number[] = []
  for (let i = 0; i < repeat; i++) {
    collectGarbage()
    const start = now()
    await yamlFloor(dir)
    runs.push(now() - start)
  }
  return median(runs)
}

const medianPhases = (runs: readonly ReconcileRun[]) => ({
  load: median(runs.map((r) => r.phases.load)),
  reconcile: median(runs.map((r) => r.phases.reconcile)),
  plan: median(runs.map((r) => r.phases.plan)),
  commit: median(runs.map((r) => r.phases.commit)),
})

/**
 * Cold reconcile of the generated tree, each run on a fresh copy, against
 * the yaml floor over the same files. Returns the figure and a converged
 * copy of the tree (what the no-op and watch parts start from).
 */
export async function measureCold(
  env: BenchEnv,
  source: string,
  repeat: number,
): Promise<{ figure: Figure; converged: string }> {
  const floor = await floorMs(source, repeat)
  const runs: ReconcileRun[] = []
  let converged: string | undefined
  for (let i = 0; i < repeat; i++) {
    const copy = await copyTree(source, 'cold')
    collectGarbage()
    runs.push(await reconcileDir(copy, env))
    if (converged) await removeTree(copy)
    else converged = copy
  }
  const ms = median(runs.map((r) => r.ms))
  const first = runs[0]
  return {
    converged: converged as string,
    figure: {
      part: 'cold',
      name: `cold reconcile, ${first?.files ?? 0} files`,
      value: ms,
      unit: 'ms',
      floorName: 'yaml read+parse+stringify',
      floorUnit: 'ms',
      floor,
      ratio: ms / floor,
      target: '≤ 1.5× floor',
      met: ms / floor <= 1.5,
      details: {
        runs: runs.map((r) => r.ms),
        phases: medianPhases(runs),
        written: first?.written,
        reconciles: first?.reconciles,
      },
    },
  }
}

/** Median of `repeat` timings of the I/O floor: read and hash every file. */
async function ioFloorMs(dir: string, repeat: number): Promise<number> {
  const runs: number[] = []
  for (let i = 0; i < repeat; i++) {
    collectGarbage()
    const start = now()
    await ioFloor(dir)
    runs.push(now() - start)
  }
  return median(runs)
}

/**
 * A reconcile of the converged tree (its parse cache as the run that converged it left it):
 * it must write nothing and cost at most 3× reading and hashing the files.
 */
export async function measureNoop(env: BenchEnv, converged: string, repeat: number): Promise<Figure[]> {
  const parseFloor = await floorMs(converged, repeat)
  const floor = await ioFloorMs(converged, Math.max(3, repeat))
  const runs: ReconcileRun[] = []
  for (let i = 0; i < repeat; i++) {
    collectGarbage()
    runs.push(await reconcileDir(converged, env))
  }
  const ms = median(runs.map((r) => r.ms))
  const written = Math.max(...runs.map((r) => r.written))
  return [
    {
      part: 'noop',
      name: `no-op reconcile, ${runs[0]?.files ?? 0} files`,
      value: ms,
      unit: 'ms',
      floorName: 'read + sha256 of every file',
      floorUnit: 'ms',
      floor,
      ratio: ms / floor,
      target: '≤ 3× floor',
      met: ms / floor <= 3,
      details: {
        runs: runs.map((r) => r.ms),
        phases: medianPhases(runs),
        reconciles: runs[0]?.reconciles,
        cache: runs[0]?.cache,
        skipped: runs[0]?.skipped,
        parseFloorMs: parseFloor,
        vsParseFloor: ms / parseFloor,
      },
    },
    {
      part: 'noop',
      name: 'files written by the no-op reconcile',
      value: written,
      unit: 'files',
      floorName: 'none',
      floorUnit: '',
      floor: undefined,
      ratio: undefined,
      target: '0',
      met: written === 0,
      details: { planned: Math.max(...runs.map((r) => r.planned)) },
    },
  ]
}
