import { openParseCache, type ParseCache } from '../cache/parse-cache.js'
import { observedContent, reconcileInputs } from '../cache/reconcile-inputs.js'
import { commitWrites } from '../engine/commit-writes.js'
import type { OnceResult } from '../engine/reconcile-once.js'
import { reconcileOnce } from '../engine/reconcile-once.js'
import { formatDuration } from '../model/duration.js'
import type { App } from './app.js'
import { progressLine } from './progress-line.js'
import { updatesUnderWay } from './update-wait.js'

/** A file that changed under us is re-read and reconciled again, a few times at most. */
const MAX_ROUNDS = 3

export interface ReconcileOutcome {
  /** 0 when everything was reconciled and written, else 1. */
  readonly exitCode: 0 | 1
  readonly result: OnceResult | undefined
  readonly written: readonly string[]
}

export interface ReconcileOptions {
  dir?: string
  registry?: string[]
  /** Do what is due now and return, rather than wait out an update's delays. */
  detach?: boolean
}

/**
 * Loads, reconciles to a fixed point and writes status, reporting problems on
 * stderr: what `berth reconcile` does, and what every editing command does
 * afterwards. Invalid input writes nothing. A rolling update with a delay
 * between batches is waited for, as `docker service update` does, each batch
 * written as it is made (progress on a terminal); `detach` returns at once.
 */
export async function reconcileAndWrite(app: App, opts: ReconcileOptions): Promise<ReconcileOutcome> {
  const written = new Set<string>()
  for (;;) {
    const outcome = await reconcileRound(app, opts)
    for (const file of outcome.written) written.add(file)
    const due = outcome.result?.requeueAfter
    if (opts.detach || outcome.exitCode !== 0 || due === undefined || !outcome.result) {
      return { ...outcome, written: [...written].sort() }
    }
    const under = updatesUnderWay(outcome.result.store.list('Service'), outcome.result.store)
    if (app.io.isTTY && under.length > 0) {
      app.io.err(app.style.dim(`waiting ${formatDuration(due)} for the next batch: ${under.join(', ')}\n`))
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(due))))
  }
}

/** One load, reconcile and write; a file that changed under us is re-read a few times. */
async function reconcileRound(app: App, opts: ReconcileOptions): Promise<ReconcileOutcome> {
  const dir = app.dir(opts)
  const { err } = app.io
  const { red, yellow } = app.style
  const line = progressLine(app)
  const cache = await openParseCache(dir, app.validator().schemaDigest)
  const inputs = reconcileInputs(app.registry(opts))
  for (let round = 1; ; round++) {
    const result = await reconcileOnce({
      dir,
      validator: app.validator(),
      load: cache.loader(app.validator()),
      converged: (store) => cache.converged(inputs + observedContent(store)),
      registry: app.registry(opts),
      clock: app.clock,
      ...(line.progress ? { progress: line.progress } : {}),
    })
    const commit = result.report ? await commitWrites(dir, result.writes, line.progress) : undefined
    line.clear()
    if (!result.report || !commit) {
      app.reportDiagnostics(dir, result.tree.diagnostics)
      err(`${red('error')}: invalid manifests; nothing was written\n`)
      return { exitCode: 1, result, written: [] }
    }
    rememberWrites(cache, result, commit.written)
    await cache.save()
    if (commit.conflicts.length > 0 && round < MAX_ROUNDS) continue
    app.reportDiagnostics(
      dir,
      result.tree.warnings.map((w) => ({ ...w, message: `${yellow('warning')}: ${w.message}` })),
    )
    for (const f of [...result.unwritable, ...commit.failed])
      err(`${red('error')}: ${f.path}: cannot write status: ${f.message}\n`)
    for (const f of commit.conflicts)
      err(`${yellow('warning')}: ${f}: changed while berth was writing; not overwritten\n`)
    const { report } = result
    for (const [key, error] of report.failed) err(`${red('error')}: reconcile ${key}: ${error.message}\n`)
    for (const key of report.stalled)
      err(`${yellow('warning')}: ${key} did not settle; stopped after repeated changes\n`)
    const failed =
      commit.failed.length > 0 ||
      result.unwritable.length > 0 ||
      commit.conflicts.length > 0 ||
      report.failed.size > 0
    // A fixed point reached and written in full: the next run over these bytes has nothing to do.
    if (!failed && report.stalled.length === 0 && result.requeueAfter === undefined) {
      cache.markConverged(inputs + observedContent(result.store))
      await cache.save()
    }
    return { exitCode: failed ? 1 : 0, result, written: commit.written }
  }
}

/** The files just written load, next time, from the cache: as read, with the status berth wrote. */
export function rememberWrites(cache: ParseCache, result: OnceResult, written: readonly string[]): void {
  const done = new Set(written)
  const before = new Map(result.tree.files.map((f) => [f.path, f]))
  cache.wrote(
    result.writes.flatMap((w) => {
      const file = before.get(w.path)
      return file && done.has(w.path) ? [{ before: file, after: w.after }] : []
    }),
    (r) => result.store.get(r.kind, r.name)?.status,
  )
}
