import path from 'node:path'
import { openParseCache, type ParseCache } from '../cache/parse-cache.js'
import { observedContent, reconcileInputs } from '../cache/reconcile-inputs.js'
import { type CommitResult, commitWrites } from '../engine/commit-writes.js'
import type { OnceResult } from '../engine/reconcile-once.js'
import { reconcileOnce } from '../engine/reconcile-once.js'
import { heldGitLock, heldGitLocks } from '../io/git-busy.js'
import { formatDuration } from '../model/duration.js'
import type { Progress } from '../model/progress.js'
import type { App } from './app.js'
import { holdSignals, SIGNAL_EXIT } from './interrupt.js'
import { progressLine } from './progress-line.js'
import { reportRound } from './report-round.js'
import { updatesUnderWay } from './update-wait.js'
import { gitBusyMessage, gitWaiter } from './wait-for-git.js'

/** A file that changed under us is re-read and reconciled again, a few times at most. */
const MAX_ROUNDS = 3
/** Rounds whose reading or writing met git's index lock: each waits for git first, and their number is bounded too. */
const MAX_GIT_ROUNDS = 10

export interface ReconcileOutcome {
  /**
   * 0 when everything was reconciled and written; 4 when a git command kept the repository's
   * index lock past the wait (`GIT_WAIT_MS`); 130 or 143 when SIGINT or SIGTERM stopped the
   * writes (those under way finished); else 1.
   */
  readonly exitCode: 0 | 1 | 4 | 130 | 143
  readonly result: OnceResult | undefined
  readonly written: readonly string[]
  /**
   * Wall-clock ms when the last round began: an update whose next batch was due by then
   * and is due still made no progress in it (it waits for something gone), not a delay.
   */
  readonly roundAt: number
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

/**
 * One load, reconcile and write; a file that changed under us is re-read a few times. While a
 * git command holds the index lock (a checkout under way), berth neither reads nor writes: it
 * waits for git, then reads again what git changed and reconciles that, never writing a status
 * worked out from the files as they were before.
 */
async function reconcileRound(app: App, opts: ReconcileOptions): Promise<ReconcileOutcome> {
  const dir = app.dir(opts)
  const { err } = app.io
  const { red } = app.style
  const line = progressLine(app)
  const cache = await openParseCache(dir, app.validator().schemaDigest)
  const inputs = reconcileInputs(app.registry(opts))
  const git = gitWaiter(app)
  const written = new Set<string>()
  let gitFolders = [dir]
  let gitRounds = 0
  let conflictRounds = 0
  for (;;) {
    const lock = await git.untilFree(gitFolders)
    const roundAt = app.clock.wall()
    if (lock) {
      err(gitBusyMessage(app, lock))
      return { exitCode: 4, result: undefined, written: [...written].sort(), roundAt }
    }
    const result = await reconcileOnce({
      dir,
      validator: app.validator(),
      load: cache.loader(app.validator()),
      converged: (store) => cache.converged(inputs + observedContent(store)),
      registry: app.registry(opts),
      clock: app.clock,
      ...(line.progress ? { progress: line.progress } : {}),
    })
    const commit = result.report ? await commitHoldingSignals(dir, result.writes, line.progress) : undefined
    line.clear()
    if (commit?.signal) {
      const { signal, written: done } = commit
      err(
        `${signal}: stopped after ${done.length} of ${result.writes.length} status writes; every file is whole\n`,
      )
      return {
        exitCode: SIGNAL_EXIT[signal],
        result: undefined,
        written: [...written, ...done].sort(),
        roundAt,
      }
    }
    if (!result.report || !commit) {
      // Files read while git was changing them (half a checkout): read again once it is done.
      if (heldGitLock(dir, Date.now(), app.env) && ++gitRounds <= MAX_GIT_ROUNDS) continue
      app.reportDiagnostics(dir, result.tree.diagnostics)
      err(`${red('error')}: invalid manifests; nothing was written\n`)
      return { exitCode: 1, result, written: [], roundAt }
    }
    rememberWrites(cache, result, commit.written)
    await cache.save()
    for (const file of commit.written) written.add(file)
    // A write that met git's lock is no conflict with a person: wait for git, then read again.
    const busy = heldGitLocks(dir, commit.conflicts, app.env)
    const [lockMet] = busy.values()
    if (lockMet) {
      gitFolders = [dir, ...[...busy.keys()].map((f) => path.dirname(path.join(dir, f)))]
      if (++gitRounds <= MAX_GIT_ROUNDS) continue
      err(gitBusyMessage(app, lockMet))
      return { exitCode: 4, result: undefined, written: [...written].sort(), roundAt }
    }
    if (commit.conflicts.length > 0 && ++conflictRounds < MAX_ROUNDS) continue
    const { report } = result
    const failed = reportRound(app, dir, { ...result, report }, commit)
    // A fixed point reached and written in full: the next run over these bytes has nothing to do.
    if (!failed && report.stalled.length === 0 && result.requeueAfter === undefined) {
      cache.markConverged(inputs + observedContent(result.store))
      await cache.save()
    }
    return { exitCode: failed ? 1 : 0, result, written: [...written].sort(), roundAt }
  }
}

/**
 * Writes the round's statuses with SIGINT and SIGTERM held off: a signal stops new writes,
 * the ones under way finish (a write cut short would leave its temp file in the person's
 * tree), and `signal` says which stopped them.
 */
async function commitHoldingSignals(
  dir: string,
  writes: OnceResult['writes'],
  progress: Progress | undefined,
): Promise<CommitResult & { readonly signal: 'SIGINT' | 'SIGTERM' | undefined }> {
  const held = holdSignals()
  try {
    const stopped = () => held.received() !== undefined
    const commit = await commitWrites(dir, writes, { stopped, ...(progress ? { progress } : {}) })
    return { ...commit, signal: held.received() }
  } finally {
    held.release()
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
