import { heldGitLock } from '../io/git-busy.js'
import type { App } from './app.js'

/**
 * How long, in all, a one-shot run waits for git commands that hold a repository's index lock.
 * Shorter than the age at which a lock is taken for a crashed git's leftover (10 s, see
 * `src/io/git-busy.ts`), so a lock that stays held is reported rather than written past.
 */
export const GIT_WAIT_MS = 5000

/** How often the lock is looked at while berth waits. */
const POLL_MS = 50

/**
 * Waits, for a one-shot run, while git holds the index lock of a repository berth reads or
 * writes in (a long `checkout`, `rebase` or `merge`): says so once per lock on stderr, and
 * gives up once the run has waited `GIT_WAIT_MS` in all. `untilFree(folders)` resolves to
 * undefined when no lock on those folders' repositories is held, else to the lock still held.
 */
export function gitWaiter(app: App): { untilFree(folders: readonly string[]): Promise<string | undefined> } {
  let waitedMs = 0
  const told = new Set<string>()
  const held = (folders: readonly string[]) => {
    for (const folder of new Set(folders)) {
      const lock = heldGitLock(folder, Date.now(), app.env)
      if (lock) return lock
    }
    return undefined
  }
  return {
    async untilFree(folders) {
      for (;;) {
        const lock = held(folders)
        if (!lock || waitedMs >= GIT_WAIT_MS) return lock
        if (!told.has(lock)) {
          told.add(lock)
          app.io.err(
            `${app.style.dim(`waiting for git: ${lock} is held (a checkout, merge or rebase under way)`)}\n`,
          )
        }
        const started = performance.now()
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
        waitedMs += performance.now() - started
      }
    },
  }
}

/** What a person is told when git kept the lock past the wait, and what to do. */
export function gitBusyMessage(app: App, lock: string): string {
  const { red } = app.style
  return (
    `${red('error')}: git is busy: ${lock} is still held after ${GIT_WAIT_MS / 1000} s; ` +
    'status not written\n' +
    '  run berth again once the git command is done; if none is running, a git that crashed left the ' +
    'lock behind: remove that file\n'
  )
}
