import { execFile, spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const bin = path.join(root, 'dist/src/cli/bin.js')

/** A home of its own and no system config: git in the tests sees nothing of the machine's setup. */
export async function isolateGit(): Promise<string> {
  const home = await mkdtemp(path.join(tmpdir(), 'berth-git-home-'))
  process.env.HOME = home
  process.env.GIT_CONFIG_NOSYSTEM = '1'
  process.env.XDG_CONFIG_HOME = path.join(home, '.config')
  delete process.env.GIT_DIR
  delete process.env.GIT_WORK_TREE
  delete process.env.GIT_INDEX_FILE
  return home
}

/** Runs git; resolves with its output, rejects with stderr on failure. */
export function git(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: process.env }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(' ')}: ${stderr}`))
      else resolve(stdout)
    })
  })
}

/** A person's identity in a repository. */
async function identify(repo: string, name = 'Pat'): Promise<void> {
  await git(repo, 'config', 'user.name', name)
  await git(repo, 'config', 'user.email', `${name.toLowerCase()}@example.com`)
}

/** Runs the built berth with standard input; never rejects. */
export function berthWithInput(
  args: readonly string[],
  input: Buffer | string,
  cwd = root,
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } })
    const out: Buffer[] = []
    let err = ''
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d) => {
      err += d
    })
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }))
    child.stdin.end(input)
  })
}

/** A scratch folder. */
export function scratch(name: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `berth-${name}-`))
}

/** A new repository holding a converged copy of the demo manifests in `manifests/`, committed. */
export async function demoRepo(where: string, options: { setup?: (repo: string) => Promise<void> } = {}) {
  const repo = path.join(where, 'work')
  await mkdir(repo, { recursive: true })
  await git(repo, 'init', '-q', '-b', 'main')
  await identify(repo)
  await cp(path.join(root, 'manifests'), path.join(repo, 'manifests'), { recursive: true })
  // Converged before the first commit, whatever the shipped copy holds today.
  const reconcile = await berthWithInput(['reconcile', '--dir', path.join(repo, 'manifests')], '')
  if (reconcile.code !== 0) throw new Error(`berth reconcile failed: ${reconcile.stderr}`)
  await options.setup?.(repo)
  await git(repo, 'add', '.')
  await git(repo, 'commit', '-q', '-m', 'The demo cluster')
  return repo
}

/** A bare remote seeded from `repo`'s main branch. */
export async function bareRemote(where: string, repo: string): Promise<string> {
  const remote = path.join(where, 'remote.git')
  await git(where, 'init', '-q', '--bare', '-b', 'main', remote)
  await git(repo, 'remote', 'add', 'origin', remote)
  await git(repo, 'push', '-q', 'origin', 'main')
  return remote
}

/** A clone of `remote` at `where/name`, with an identity. */
export async function clone(remote: string, where: string, name: string): Promise<string> {
  const dir = path.join(where, name)
  await git(where, 'clone', '-q', remote, dir)
  await identify(dir, name === 'daemon' ? 'Ops' : 'Sam')
  return dir
}

/** Waits out git's one-second racy window, so its stat cache is really trusted afterwards. */
export function pastRacyWindow(): Promise<void> {
  return new Promise((r) => setTimeout(r, 1100))
}
