import type { WriteFailure } from '../engine/commit-writes.js'

/**
 * The daemon as a state machine: what it owes and how it got there, as data. `transition`
 * is pure (no clock, no timers, no files); the daemon's shell feeds it events and carries
 * out the effects it returns (start a round, set a timer, give up).
 *
 *   starting ──started──▶ idle ──next (work owed)──▶ working ──round-done──▶ idle
 *                                                    working ──round-failed──▶ idle (retry) │ fatal
 *   any ──stop──▶ stopping
 *
 * Files named by the watcher, a rescan, a due requeue and the retries of writes all become
 * work owed; a round takes all of it at once. Nothing starts while starting (the first full
 * scan is under way), stopping, or fatal.
 */
export type Phase = 'starting' | 'idle' | 'working' | 'stopping' | 'fatal'

/** What the daemon owes: files to read again, a full rescan, a reconcile pass with no file named. */
export interface Work {
  readonly paths: ReadonlySet<string>
  /** Re-scan the whole tree (a folder came or went, a round failed, the periodic resync). */
  readonly rescan: boolean
  /** Reconcile even if no file changed (a requeue is due, a Secret's content file changed). */
  readonly reconcile: boolean
}

export interface DaemonState {
  readonly phase: Phase
  readonly owed: Work
  /** Rounds in a row that threw. */
  readonly failedRounds: number
  /** Per file: status writes in a row that met a newer edit. */
  readonly conflicts: ReadonlyMap<string, number>
  /** Per file: status writes in a row the system refused (disk full, read-only). */
  readonly writeFailures: ReadonlyMap<string, number>
  /** The git index locks the last writes met (a checkout under way): the log says once that berth waits. */
  readonly gitLocks: ReadonlySet<string>
}

export type DaemonEvent =
  /** The first full scan is loaded and reconciled (or failed): rounds may run. */
  | { readonly type: 'started' }
  /** Files the watcher named (or a retry timer brought back). */
  | { readonly type: 'files'; readonly paths: readonly string[] }
  | { readonly type: 'rescan' }
  | { readonly type: 'reconcile' }
  /** Asks for the next round: a `round` effect when work is owed and rounds may run. */
  | { readonly type: 'next' }
  /** The status writes of the round under way. */
  | {
      readonly type: 'wrote'
      readonly written: readonly string[]
      readonly conflicts: readonly string[]
      readonly failed: readonly WriteFailure[]
      /** Of `conflicts`, those met because a git command held the repository's index lock, with that lock. */
      readonly gitLocks?: ReadonlyMap<string, string>
    }
  | { readonly type: 'round-done' }
  /** The round threw `error`; `work` is what it was about, owed again. */
  | { readonly type: 'round-failed'; readonly work: Work; readonly error: Error }
  | { readonly type: 'stop' }

export type Effect =
  /** Run a round over `work` (already taken off what is owed). */
  | { readonly type: 'round'; readonly work: Work }
  /** Bring `path` back as a changed file after `delayMs`. */
  | {
      readonly type: 'retry-file'
      readonly path: string
      readonly delayMs: number
      /** A write the system refused (with its message), or a file that keeps changing under berth. */
      readonly cause:
        | { readonly type: 'write-failed'; readonly message: string }
        | { readonly type: 'conflicts' }
    }
  /**
   * Writes that met a git command's index lock: bring `paths` back after `delayMs`; `announce`
   * when the log has not yet said that berth waits for this lock.
   */
  | {
      readonly type: 'wait-for-git'
      readonly lock: string
      readonly paths: readonly string[]
      readonly delayMs: number
      readonly announce: boolean
    }
  /** A write to a target berth never writes through: reported, never retried. */
  | { readonly type: 'write-refused'; readonly path: string; readonly message: string }
  /** Run the owed work again after `delayMs` (a failed round's backoff). */
  | { readonly type: 'retry-round'; readonly delayMs: number }
  /** Rounds keep failing: the daemon stops, so a supervisor restarts it. */
  | { readonly type: 'fatal'; readonly rounds: number; readonly error: Error }

export interface Policy {
  /** How often a file that keeps changing under berth's write is re-read before berth pauses. */
  readonly maxConflicts: number
  /** First delay of a write retry (doubling), and its cap. */
  readonly writeRetryMs: number
  readonly writeRetryMaxMs: number
  /** Rounds in a row that may fail before the daemon gives up. */
  readonly maxFailedRounds: number
  /** First delay before a failed round is retried (doubling). */
  readonly roundRetryMs: number
  /** How often a file whose write met a git command's index lock is looked at again. */
  readonly gitRetryMs: number
}

export const DEFAULT_POLICY: Policy = {
  maxConflicts: 5,
  writeRetryMs: 1000,
  writeRetryMaxMs: 30_000,
  maxFailedRounds: 5,
  roundRetryMs: 1000,
  gitRetryMs: 250,
}

const NOTHING: Work = { paths: new Set(), rescan: false, reconcile: false }

export const initialState: DaemonState = {
  phase: 'starting',
  owed: NOTHING,
  failedRounds: 0,
  conflicts: new Map(),
  writeFailures: new Map(),
  gitLocks: new Set(),
}

/** Whether anything is owed: when not, everything seen so far is reconciled and written. */
export function owesNothing(state: DaemonState): boolean {
  return state.owed.paths.size === 0 && !state.owed.rescan && !state.owed.reconcile
}

/** The state after `event`, and what the shell must do about it. */
export function transition(
  state: DaemonState,
  event: DaemonEvent,
  policy: Policy = DEFAULT_POLICY,
): { state: DaemonState; effects: Effect[] } {
  const same = { state, effects: [] }
  switch (event.type) {
    case 'started':
      return state.phase === 'starting' ? { state: { ...state, phase: 'idle' }, effects: [] } : same
    case 'files':
      return { state: owe(state, { paths: new Set(event.paths) }), effects: [] }
    case 'rescan':
      return { state: owe(state, { rescan: true }), effects: [] }
    case 'reconcile':
      return { state: owe(state, { reconcile: true }), effects: [] }
    case 'next':
      if (state.phase !== 'idle' || owesNothing(state)) return same
      return {
        state: { ...state, phase: 'working', owed: NOTHING },
        effects: [{ type: 'round', work: state.owed }],
      }
    case 'wrote':
      return wrote(state, event, policy)
    case 'round-done':
      return { state: { ...state, phase: settled(state.phase), failedRounds: 0 }, effects: [] }
    case 'round-failed':
      return roundFailed(state, event, policy)
    case 'stop':
      return { state: { ...state, phase: state.phase === 'fatal' ? 'fatal' : 'stopping' }, effects: [] }
  }
}

/** Where a round ends: idle, unless the daemon is starting (the first scan), stopping or fatal meanwhile. */
function settled(phase: Phase): Phase {
  return phase === 'working' ? 'idle' : phase
}

function owe(state: DaemonState, more: Partial<Work>): DaemonState {
  const { owed } = state
  return {
    ...state,
    owed: {
      paths: more.paths && more.paths.size > 0 ? new Set([...owed.paths, ...more.paths]) : owed.paths,
      rescan: owed.rescan || more.rescan === true,
      reconcile: owed.reconcile || more.reconcile === true,
    },
  }
}

/** Doubling from `base`, capped: the `n`th retry (1-based). */
function backoff(base: number, n: number, max: number): number {
  return Math.min(base * 2 ** (n - 1), max)
}

function wrote(
  state: DaemonState,
  event: Extract<DaemonEvent, { type: 'wrote' }>,
  policy: Policy,
): { state: DaemonState; effects: Effect[] } {
  const conflicts = new Map(state.conflicts)
  const writeFailures = new Map(state.writeFailures)
  const effects: Effect[] = []
  const again: string[] = []
  for (const path of event.written) {
    conflicts.delete(path)
    writeFailures.delete(path)
  }
  for (const failure of event.failed) {
    if (failure.kind === 'refused') {
      effects.push({ type: 'write-refused', path: failure.path, message: failure.message })
      continue
    }
    // A full disk, a read-only mount: retry with a capped backoff, so the status lands once the fault clears.
    const n = (writeFailures.get(failure.path) ?? 0) + 1
    writeFailures.set(failure.path, n)
    effects.push({
      type: 'retry-file',
      path: failure.path,
      delayMs: backoff(policy.writeRetryMs, n, policy.writeRetryMaxMs),
      cause: { type: 'write-failed', message: failure.message },
    })
  }
  // A git command holds the lock (a checkout, a rebase): no person to race, and re-reading at
  // once only meets the lock again. Look again shortly, as long as it takes, without counting.
  const waiting = new Map<string, string[]>()
  for (const path of event.conflicts) {
    const lock = event.gitLocks?.get(path)
    if (lock) waiting.set(lock, [...(waiting.get(lock) ?? []), path])
  }
  for (const [lock, paths] of waiting)
    effects.push({
      type: 'wait-for-git',
      lock,
      paths,
      delayMs: policy.gitRetryMs,
      announce: !state.gitLocks.has(lock),
    })
  // Writes landed and none met a lock: git is done, and a later lock is news again.
  const gitLocks = waiting.size > 0 || event.written.length > 0 ? new Set(waiting.keys()) : state.gitLocks
  for (const path of event.conflicts) {
    if (event.gitLocks?.has(path)) continue
    const n = (conflicts.get(path) ?? 0) + 1
    conflicts.set(path, n)
    // Re-read at once a few times; then stop racing the person, but never for good: the
    // status is owed once the file settles, so look again after a pause even if no event comes.
    if (n <= policy.maxConflicts) again.push(path)
    else
      effects.push({
        type: 'retry-file',
        path,
        delayMs: backoff(policy.writeRetryMs, n - policy.maxConflicts, policy.writeRetryMaxMs),
        cause: { type: 'conflicts' },
      })
  }
  return {
    state: owe({ ...state, conflicts, writeFailures, gitLocks }, { paths: new Set(again) }),
    effects,
  }
}

function roundFailed(
  state: DaemonState,
  event: Extract<DaemonEvent, { type: 'round-failed' }>,
  policy: Policy,
): { state: DaemonState; effects: Effect[] } {
  const failedRounds = state.failedRounds + 1
  // What the round was about is still owed, and a rescan finds what it may have missed.
  const owed = owe(owe(state, event.work), { rescan: true })
  if (failedRounds >= policy.maxFailedRounds)
    return {
      state: { ...owed, phase: 'fatal', failedRounds },
      effects: [{ type: 'fatal', rounds: failedRounds, error: event.error }],
    }
  return {
    state: { ...owed, phase: settled(state.phase), failedRounds },
    effects: [{ type: 'retry-round', delayMs: policy.roundRetryMs * 2 ** (failedRounds - 1) }],
  }
}
