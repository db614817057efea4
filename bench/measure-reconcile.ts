import { openParseCache } from '../src/cache/parse-cache.js'
import { observedContent, reconcileInputs } from '../src/cache/reconcile-inputs.js'
import { rememberWrites } from '../src/cli/reconcile-and-write.js'
import { commitWrites } from '../src/engine/commit-writes.js'
import { reconcileOnce } from '../src/engine/reconcile-once.js'
import type { Progress } from '../src/model/progress.js'
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
 * `reconcileOnce` through the parse cache, then commitWrites and the cache's update: what
 * `berth reconcile` does, timed phase by phase (the phases from the progress it reports).
 */
export async function reconcileDir(dir: string, env: BenchEnv): Promise<ReconcileRun> {
  const t0 = now()
  const cache = await openParseCache(dir, env.validator.schemaDigest)
  const inputs = reconcileInputs(env.registry)
  let t1 = t0
  let t2 = t0
  const progress: Progress = (event) => {
    if (event.phase === 'load' && event.done === event.total) t1 = t2 = now()
    else if (event.phase === 'reconcile' && event.done === 0) t1 = now()
    else if (event.phase === 'reconcile' && event.done === event.total) t2 = now()
  }
  const result = await reconcileOnce({
    dir,
    validator: env.validator,
    registry: env.registry,
    clock: env.clock,
    load: cache.loader(env.validator),
    // As `berth reconcile`: a tree left converged, byte for byte, is not reconciled again.
    converged: (store) => cache.converged(inputs + observedContent(store)),
    progress,
  })
  const { tree, report } = result
  if (!report)
    throw new Error(
      `tree ${dir} has ${tree.diagnostics.length} diagnostics, e.g. ${tree.diagnostics[0]?.message}`,
    )
  const t3 = now()
  const commit = await commitWrites(dir, result.writes)
  rememberWrites(cache, result, commit.written)
  const settled = commit.failed.length === 0 && commit.conflicts.length === 0 && report.failed.size === 0
  if (settled && report.stalled.length === 0 && result.requeueAfter === undefined)
    cache.markConverged(inputs + observedContent(result.store))
  await cache.save()
  const t4 = now()
  if (commit.failed.length > 0) throw new Error(`writes failed: ${commit.failed[0]?.message}`)
  return {
    ms: t4 - t0,
    phases: { load: t1 - t0, reconcile: t2 - t1, plan: t3 - t2, commit: t4 - t3 },
    cache: { ...cache.stats },
    files: tree.files.length,
    planned: result.writes.length,
    written: commit.written.length,
    reconciles: report.reconciles,
    skipped: result.skipped,
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
 * the yaml floor over the tree it converges to. Returns the figure and a converged
 * copy of the tree (what the no-op and watch parts start from).
 */
export async function measureCold(
  env: BenchEnv,
  source: string,
  repeat: number,
): Promise<{ figure: Figure; converged: string }> {
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
  // The parse floor is the converged tree's (status included), as the performance targets define
  // it. The tree as generated (no status, 2–3× cheaper to parse) is reported beside it.
  const floor = await floorMs(converged as string, repeat)
  const generatedFloor = await floorMs(source, repeat)
  return {
    converged: converged as string,
    figure: {
      part: 'cold',
      name: `cold reconcile, ${first?.files ?? 0} files`,
      value: ms,
      unit: 'ms',
      floorName: 'yaml read+parse+stringify of the converged tree',
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
        generatedFloor,
        ratioToGeneratedFloor: ms / generatedFloor,
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
