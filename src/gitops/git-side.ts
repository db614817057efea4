import type { Follower } from './follow.js'
import { startFollower } from './follow.js'
import { recheckStatusWrites } from './index-refresh.js'
import type { GitLog } from './log.js'
import type { Upstream } from './pull.js'
import type { Repo } from './repo.js'
import { filterActive } from './setup.js'
import { commitStatus } from './status-commit.js'

/** What the daemon's git side does. */
export interface GitSideOptions {
  readonly repo: Repo
  readonly log: GitLog
  /** Follow this remote branch. */
  readonly upstream?: Upstream & { readonly intervalMs: number }
  /** Commit status-only changes after converged rounds. */
  readonly commitStatus?: boolean
  /**
   * Also run the after-round work on this period, a safety net for a daemon that does not
   * report its rounds (the follower already runs it before every fetch).
   */
  readonly safetyNetMs?: number
}

/** The daemon's git side: call `settled` after each converged round; `stop` on shutdown. */
export interface GitSide {
  settled(): Promise<void>
  stop(): Promise<void>
}

/** A combination of options that cannot work; the message says why. */
export class GitOptionsError extends Error {}

/**
 * Checks that the options can work in this checkout; throws `GitOptionsError` saying why
 * not. Refuses `commitStatus` when the clean filter is set up (it would commit nothing: the
 * filter strips status from every commit) and together with `upstream` (status commits are
 * local commits, and a fast-forward-only follower cannot pull past them).
 */
export async function checkGitSide(options: Omit<GitSideOptions, 'log'>): Promise<{ filtered: boolean }> {
  const { repo } = options
  const filtered = await filterActive(repo)
  if (options.commitStatus && filtered)
    throw new GitOptionsError(
      `--commit-status puts status into git history, but ${repo.root} has berth's clean filter (berth git setup), which strips status from every commit. Keep status out of git (drop --commit-status), or remove the filter: git -C ${repo.root} config --remove-section filter.berth-status, and its lines in .gitattributes`,
    )
  if (options.commitStatus && options.upstream)
    throw new GitOptionsError(
      "--commit-status cannot be combined with --git-remote: status commits are local commits the remote does not have, so the checkout could no longer fast-forward to it. Follow the remote with berth's clean filter (berth git setup) instead, as Flux keeps status out of git",
    )
  return { filtered }
}

/**
 * Wires berth's daemon to git. After each converged round: with the clean filter, status
 * writes are re-checked in the index so `git status` stays clean; with `commitStatus`,
 * status-only changes are committed. With `upstream`, a follower pulls. `filtered` is what
 * `checkGitSide` found.
 */
export function startGitSide(options: GitSideOptions & { readonly filtered: boolean }): GitSide {
  const { repo, log, filtered } = options
  if (options.upstream && !filtered)
    log.warn(
      `git: berth's clean filter is not set up in ${repo.root}: status berth writes counts as a local edit in git and blocks pulling those files. Run: berth git setup`,
    )
  let running: Promise<void> = Promise.resolve()
  const settled = () => {
    running = running.then(async () => {
      try {
        if (filtered) await recheckStatusWrites(repo)
        if (options.commitStatus) {
          const made = await commitStatus(repo)
          if (made)
            log.info(`git: committed ${made.commit.slice(0, 7)} ${made.message.split('\n')[0]}`, {
              commit: made.commit,
              files: made.files,
            })
        }
      } catch (error) {
        log.error(`git: ${(error as Error).message}`)
      }
    })
    return running
  }
  let follower: Follower | undefined
  if (options.upstream) follower = startFollower({ repo, log, ...options.upstream, beforePull: settled })
  const safetyNet =
    !follower && options.safetyNetMs ? setInterval(() => void settled(), options.safetyNetMs) : undefined
  safetyNet?.unref()
  return {
    settled,
    async stop() {
      if (safetyNet) clearInterval(safetyNet)
      await follower?.stop()
      await running
    },
  }
}
