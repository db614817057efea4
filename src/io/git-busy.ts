import { readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'

/**
 * A lock older than this is taken for one a crashed git left behind (git itself then refuses
 * to run until a person removes it): berth does not wait for it.
 */
const STALE_MS = 10_000

/** How long a folder found outside any repository is taken to stay so (`git init` may come later). */
const OUTSIDE_MS = 10_000

/** Each folder's git directory, or when it was last found outside a repository. */
const gitDirs = new Map<string, string | { outsideSince: number }>()

/**
 * Whether a git command is changing the working tree that holds `file` right now: it holds
 * the repository's index lock (`checkout`, `reset`, `merge`, `stash`, `pull` take it before
 * they touch a file and drop it when done). A checkout replaces a file by deleting it and
 * creating it anew; a status write that landed in between would either replace the file git
 * just wrote or make git fail with "File exists". So berth does not write while the lock is
 * held: the write reports a conflict and is tried again once the tree settles.
 */
export function gitBusy(
  file: string,
  nowMs: number = Date.now(),
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return heldGitLock(dirname(resolve(file)), nowMs, env) !== undefined
}

/**
 * The index lock (`.git/index.lock`) a git command holds right now on the repository that
 * holds `folder`, or undefined when there is none, it is older than `STALE_MS`, or berth runs
 * from a git hook (as in `gitBusy`). Berth names it when it waits for git, or gives up.
 */
export function heldGitLock(
  folder: string,
  nowMs: number = Date.now(),
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  // Run by git itself (a pre-commit hook, say): the lock is our caller's, and it waits for us.
  if (env.GIT_INDEX_FILE !== undefined) return undefined
  const gitDir = gitDirOf(resolve(folder), nowMs)
  if (gitDir === undefined) return undefined
  const lock = join(gitDir, 'index.lock')
  try {
    return nowMs - statSync(lock).mtimeMs < STALE_MS ? lock : undefined
  } catch {
    return undefined
  }
}

/**
 * Of `files` (paths relative to `root`), those in a repository whose index lock a git command
 * holds right now, each with that lock: their writes met git, not a person's edit.
 */
export function heldGitLocks(
  root: string,
  files: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Map<string, string> {
  const held = new Map<string, string>()
  for (const file of files) {
    const lock = heldGitLock(dirname(join(root, file)), Date.now(), env)
    if (lock) held.set(file, lock)
  }
  return held
}

function gitDirOf(folder: string, nowMs: number): string | undefined {
  const known = gitDirs.get(folder)
  if (typeof known === 'string') return known
  if (known && nowMs - known.outsideSince < OUTSIDE_MS) return undefined
  const found =
    gitDirHere(folder) ?? (dirname(folder) === folder ? undefined : gitDirOf(dirname(folder), nowMs))
  gitDirs.set(folder, found ?? { outsideSince: nowMs })
  return found
}

/** `folder/.git` when it is a repository's folder, or where a worktree's `.git` file points. */
function gitDirHere(folder: string): string | undefined {
  const dotGit = join(folder, '.git')
  try {
    if (statSync(dotGit).isDirectory()) return dotGit
    const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim()
    if (pointer) return isAbsolute(pointer) ? pointer : resolve(folder, pointer)
  } catch {
    // No .git here.
  }
  return undefined
}
