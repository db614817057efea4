import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { writeFileAtomic } from '../../src/io/atomic-write.js'
import { gitBusy } from '../../src/io/git-busy.js'

let dir = ''
afterEach(() => rm(dir, { recursive: true, force: true }))

async function repo(): Promise<{ file: string; lock: string }> {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-git-busy-'))
  await mkdir(path.join(dir, '.git'))
  await mkdir(path.join(dir, 'services'))
  const file = path.join(dir, 'services/web.yaml')
  await writeFile(file, 'kind: Service\n')
  return { file, lock: path.join(dir, '.git/index.lock') }
}

test('a git command holding the index lock makes the tree busy; a lock left long ago by a crashed git does not', async () => {
  const { file, lock } = await repo()
  expect(gitBusy(file)).toBe(false)
  await writeFile(lock, '')
  expect(gitBusy(file)).toBe(true)
  const minuteAgo = new Date(Date.now() - 60_000)
  await utimes(lock, minuteAgo, minuteAgo)
  expect(gitBusy(file)).toBe(false)
})

test('run from a git hook (git sets GIT_INDEX_FILE): the lock is the caller’s, so the tree is not busy', async () => {
  const { file, lock } = await repo()
  await writeFile(lock, '')
  expect(gitBusy(file, Date.now(), {})).toBe(true)
  expect(gitBusy(file, Date.now(), { GIT_INDEX_FILE: lock })).toBe(false)
})

test('a worktree: the lock is in the git directory its .git file points to', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-git-busy-'))
  const gitDir = path.join(dir, 'main/.git/worktrees/wt')
  await mkdir(gitDir, { recursive: true })
  await mkdir(path.join(dir, 'wt'))
  await writeFile(path.join(dir, 'wt/.git'), 'gitdir: ../main/.git/worktrees/wt\n')
  const file = path.join(dir, 'wt/web.yaml')
  await writeFile(file, 'kind: Service\n')
  expect(gitBusy(file)).toBe(false)
  await writeFile(path.join(gitDir, 'index.lock'), '')
  expect(gitBusy(file)).toBe(true)
})

test('a status write while git changes the tree is a conflict and leaves the file alone; after, it is written', async () => {
  const { file, lock } = await repo()
  await writeFile(lock, '')
  const read = 'kind: Service\n'
  expect(await writeFileAtomic(file, 'kind: Service\nstatus: {}\n', { expected: read })).toBe('conflict')
  expect(await readFile(file, 'utf8')).toBe(read)
  await rm(lock)
  expect(await writeFileAtomic(file, 'kind: Service\nstatus: {}\n', { expected: read })).toBe('written')
  expect(await readFile(file, 'utf8')).toBe('kind: Service\nstatus: {}\n')
})
