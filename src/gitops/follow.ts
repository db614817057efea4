import type { GitLog } from './log.js'
import type { PullOutcome, Upstream } from './pull.js'
import { pullOnce, short } from './pull.js'
import type { Repo } from './repo.js'

/** Options of the follower. */
export interface FollowOptions extends Upstream {
  readonly repo: Repo
  readonly intervalMs: number
  readonly log: GitLog
  /** Runs before each fetch (berth's index upkeep when the daemon reports no rounds). */
  readonly beforePull?: () => Promise<void>
}

/** A running follower. */
export interface Follower {
  /** One fetch and fast-forward now (also what every interval runs). */
  tick(): Promise<PullOutcome | undefined>
  /** Waits for the tick in flight, then stops. */
  stop(): Promise<void>
}

/**
 * Follows a remote branch as Flux's source controller does, but into a checkout people may
 * also work in: on start and every interval, fetch and fast-forward when safe. When it
 * cannot, it stops pulling (berth keeps reconciling what is checked out), logs why and what
 * to run once per distinct reason, and tries again every interval. Pulled files reach the
 * daemon through its file watcher, as one batch.
 */
export function startFollower(options: FollowOptions): Follower {
  const { log, remote, branch } = options
  const where = `${remote}/${branch}`
  let lastNote = ''
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let inFlight: Promise<PullOutcome | undefined> = Promise.resolve(undefined)

  /** Logs a state once; a recovery from a problem is logged too. */
  const note = (key: string, emit: () => void) => {
    if (key === lastNote) return
    const wasProblem = lastNote.startsWith('problem:')
    lastNote = key
    if (wasProblem && !key.startsWith('problem:')) log.info(`git: ${where} can be followed again`)
    emit()
  }

  const report = (outcome: PullOutcome) => {
    const every = `berth keeps reconciling what is checked out and checks again every ${seconds(options.intervalMs)}`
    switch (outcome.kind) {
      case 'fast-forwarded':
        lastNote = `at:${outcome.to}`
        log.info(
          `git: pulled ${where} ${short(outcome.from)}..${short(outcome.to)} (fast-forward, ${outcome.files} file${outcome.files === 1 ? '' : 's'} changed)`,
          { from: outcome.from, to: outcome.to },
        )
        return
      case 'up-to-date':
        return note(`at:${outcome.head}`, () =>
          log.info(`git: following ${where}, up to date at ${short(outcome.head)}`),
        )
      case 'ahead':
        return note(`ahead:${outcome.head}`, () =>
          log.info(
            `git: the checkout is ${outcome.commits} commit${outcome.commits === 1 ? '' : 's'} ahead of ${where}; nothing to pull (push them to share them)`,
          ),
        )
      case 'blocked':
        return note(`problem:${outcome.reason}`, () =>
          log.warn(
            `git: not pulling ${where}: ${outcome.reason}. Nothing was changed; ${every}. To resolve:\n${outcome.advice.map((a) => `  ${a}`).join('\n')}`,
            { reason: outcome.reason, advice: outcome.advice },
          ),
        )
      case 'fetch-failed':
        return note(`problem:fetch:${outcome.message}`, () =>
          log.warn(`git: cannot fetch ${where}: ${outcome.message}; ${every}`),
        )
    }
  }

  const tick = () => {
    inFlight = inFlight.then(async () => {
      if (stopped) return undefined
      try {
        await options.beforePull?.()
        const outcome = await pullOnce(options.repo, options)
        report(outcome)
        return outcome
      } catch (error) {
        note(`problem:${(error as Error).message}`, () =>
          log.error(`git: following ${where} failed: ${(error as Error).message}`),
        )
        return undefined
      }
    })
    return inFlight
  }

  const loop = () => {
    void tick().then(() => {
      if (!stopped) timer = setTimeout(loop, options.intervalMs)
    })
  }
  loop()

  return {
    tick,
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await inFlight
    },
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`
}
