import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, utimes } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const MANIFESTS = fileURLToPath(new URL('../../manifests', import.meta.url))

/** Runs git in `repo` as a person with a name would. */
export function gitIn(repo: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=berth', '-c', 'user.email=berth@example.com', ...args], {
    cwd: repo,
    stdio: 'ignore',
  })
}

/** A fresh repository in a temp folder with the demo manifests committed under `manifests/`. */
export async function demoRepository(): Promise<{ root: string; manifests: string; lock: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'berth-git-repo-'))
  const manifests = path.join(root, 'manifests')
  await cp(MANIFESTS, manifests, { recursive: true })
  gitIn(root, 'init', '-q')
  gitIn(root, 'add', '.')
  gitIn(root, 'commit', '-qm', 'manifests')
  return { root, manifests, lock: path.join(root, '.git/index.lock') }
}

/**
 * Keeps a held index lock looking like a git still at work, so a loaded machine never makes it
 * as old as a crashed git's leftover (10 s), which berth no longer waits for. Returns the stop.
 */
export function keepFresh(lock: string): () => void {
  const timer = setInterval(() => void utimes(lock, new Date(), new Date()).catch(() => undefined), 1000)
  return () => clearInterval(timer)
}
