import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { waitFor } from '../e2e/daemon.js'
import { demoRepository, keepFresh } from '../support/git-repo.js'
import { asRead } from '../support/read-status.js'
import { berthInProcess } from './cli-harness.js'

/**
 * A one-shot `berth reconcile` in a git repository while a git command holds its index lock
 * (`.git/index.lock`, as `checkout`, `rebase`, `merge` or `commit -a` do): berth waits for git,
 * then reconciles what git left; a lock held past the wait is exit 4 and nothing written.
 */
let dir = ''
let git: ChildProcess | undefined
afterEach(async () => {
  git?.kill('SIGKILL')
  git = undefined
  await rm(dir, { recursive: true, force: true })
})

/** `berth reconcile` in-process, as on a terminal; `onErr` sees each stderr chunk as it is printed. */
const reconcile = (manifests: string, onErr?: (text: string) => void) =>
  berthInProcess(['reconcile', '--dir', manifests], {
    cwd: dir,
    env: { NO_COLOR: '1', SOURCE_DATE_EPOCH: '1764324000' },
    terminal: true,
    ...(onErr ? { onErr } : {}),
  })

const setReplicas = (text: string, n: number) => text.replace(/replicas: \d+\n/, `replicas: ${n}\n`)

/** The status of myservice as berth reads it back. */
async function myservice(manifests: string) {
  const [doc] = parseAllDocuments(await readFile(path.join(manifests, 'services/myservice.yaml'), 'utf8'))
  const data = asRead(doc?.toJS()) as {
    status: { replicas: unknown; tasks: { desiredState: string; node?: string }[] }
  }
  return data.status
}

/** Every file under `root` but git's own, with its bytes. */
async function snapshot(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name)
    if (entry.isFile() && !path.relative(root, file).startsWith('.git'))
      files.set(file, await readFile(file, 'utf8'))
  }
  return files
}

test('git takes the lock while berth reconciles and changes a manifest meanwhile: berth waits, then writes the status of the new content', async () => {
  const { root, manifests, lock } = await demoRepository()
  dir = root
  const file = path.join(manifests, 'services/myservice.yaml')
  await writeFile(file, setReplicas(await readFile(file, 'utf8'), 6))
  let checkedOut = false
  const { code, out, err } = await reconcile(manifests, (text) => {
    // Reconciled, not yet written: a checkout starts, taking the lock as git does (create, exclusive).
    if (/reconciling (\d+)\/\1/.test(text) && !checkedOut) writeFileSync(lock, '', { flag: 'wx' })
    if (text.includes('waiting for git') && !checkedOut) {
      checkedOut = true
      // The checkout replaces the file, then drops the lock a moment later.
      writeFileSync(file, setReplicas(readFileSync(file, 'utf8'), 4))
      setTimeout(() => rmSync(lock), 200)
    }
  })
  expect(err).toContain(`waiting for git: ${lock} is held`)
  expect(err).not.toContain('changed while berth was writing')
  expect(code).toBe(0)
  expect(out).toMatch(/myservice\s+replicated\s+4\/4/)
  // Worked out from what git left (4 replicas), not from the file as it was read first (6).
  const status = await myservice(manifests)
  expect(status.replicas).toEqual({ desired: 4, running: 4 })
  expect(status.tasks.filter((t) => t.desiredState === 'running')).toHaveLength(4)
  expect(await readFile(file, 'utf8')).toMatch(/^ {2}replicas: 4$/m)
})

test('berth reads the tree while git is half-way through a checkout (a file cut short): it waits for git and reconciles what git left', async () => {
  const { root, manifests, lock } = await demoRepository()
  dir = root
  const file = path.join(manifests, 'services/myservice.yaml')
  const whole = setReplicas(await readFile(file, 'utf8'), 6)
  // Git has written half of the file when berth reads it, and still holds the lock.
  await writeFile(file, whole.slice(0, whole.indexOf('  image:')).replace('metadata:\n', 'metadata: ['))
  let released = false
  const { code, out, err } = await reconcile(manifests, (text) => {
    if (/loading manifests (\d+)\/\1/.test(text) && !released) writeFileSync(lock, '', { flag: 'wx' })
    if (text.includes('waiting for git') && !released) {
      released = true
      writeFileSync(file, whole)
      rmSync(lock)
    }
  })
  expect(err).toContain(`waiting for git: ${lock} is held`)
  // The half file is not reported: it was git's, not the person's.
  expect(err).not.toContain('invalid manifests')
  expect(code).toBe(0)
  expect(out).toMatch(/myservice\s+replicated\s+6\/6/)
  expect((await myservice(manifests)).replicas).toEqual({ desired: 6, running: 6 })
})

test('a git command holds the lock all along: exit 4 naming the lock file, and no file written; once git is done, the run writes', async () => {
  const { root, manifests, lock } = await demoRepository()
  dir = root
  const file = path.join(manifests, 'services/myservice.yaml')
  await writeFile(file, setReplicas(await readFile(file, 'utf8'), 6))
  // A real git holding the real lock: `commit -a` keeps it while its editor is open.
  const release = path.join(dir, 'release')
  const editor = `sh -c 'while [ ! -e "${release}" ]; do sleep 0.05; done; echo replicas > "$1"' --`
  git = spawn('git', ['-c', 'user.name=berth', '-c', 'user.email=berth@example.com', 'commit', '-a', '-q'], {
    cwd: dir,
    env: { ...process.env, GIT_EDITOR: editor },
    stdio: 'ignore',
  })
  const exited = new Promise((resolve) => git?.on('exit', resolve))
  await waitFor(() => readdir(path.join(dir, '.git')).then((names) => names.includes('index.lock')))
  const stopFreshening = keepFresh(lock)
  const before = await snapshot(manifests)
  try {
    const { code, out, err } = await reconcile(manifests)
    expect(err).toContain(`waiting for git: ${lock} is held`)
    expect(err).toContain(`error: git is busy: ${lock} is still held after 5 s; status not written`)
    expect(err).toContain('run berth again once the git command is done')
    expect(code).toBe(4)
    expect(out).toBe('')
  } finally {
    stopFreshening()
  }
  expect(await snapshot(manifests)).toEqual(before)
  await writeFile(release, '')
  await exited
  const after = await reconcile(manifests)
  expect(after.code).toBe(0)
  expect((await myservice(manifests)).replicas).toEqual({ desired: 6, running: 6 })
}, 30_000)
