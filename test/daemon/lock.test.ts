import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { LockedError, lockDirectory } from '../../src/daemon/lock.js'

let root: string
let locks: string
let manifests: string
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'berth-lock-'))
  locks = path.join(root, 'locks')
  manifests = path.join(root, 'manifests')
  await mkdir(locks)
  await mkdir(manifests)
})
afterEach(() => rm(root, { recursive: true, force: true }))

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid as number
}

describe('one daemon per directory', () => {
  test('the lock lives outside the manifests, names its owner, and goes on release', async () => {
    const lock = await lockDirectory(manifests, locks)
    expect(path.dirname(lock.file)).toBe(locks)
    expect(await readFile(lock.file, 'utf8')).toMatch(new RegExp(`^${process.pid}\\n`))
    await lock.release()
    await expect(readFile(lock.file, 'utf8')).rejects.toThrow(/ENOENT/)
    const again = await lockDirectory(manifests, locks)
    await again.release()
  })

  test('a directory held by a live process is refused, naming the pid', async () => {
    const lock = await lockDirectory(manifests, locks)
    await writeFile(lock.file, `${process.ppid}\n${manifests}\n`) // another berth, still running
    const refused = lockDirectory(manifests, locks)
    await expect(refused).rejects.toBeInstanceOf(LockedError)
    await expect(refused).rejects.toThrow(`another berth watch (pid ${process.ppid}) is already following`)
    // Its owner's lock is not ours to remove.
    await lock.release()
    expect(await readFile(lock.file, 'utf8')).toMatch(new RegExp(`^${process.ppid}\\n`))
  })

  test.each([
    ['whose process is gone', () => `${deadPid()}\n/elsewhere\n`],
    ['that is garbage', () => 'not a pid\n'],
    ['that is empty', () => ''],
  ])('a lock %s is taken over: a crash never blocks the next start', async (_, content) => {
    const first = await lockDirectory(manifests, locks)
    await writeFile(first.file, content())
    const lock = await lockDirectory(manifests, locks)
    expect(lock.file).toBe(first.file)
    expect(await readFile(lock.file, 'utf8')).toMatch(new RegExp(`^${process.pid}\\n`))
    await lock.release()
  })

  test('the same directory through a symlink is the same lock; another directory is another', async () => {
    const link = path.join(root, 'link')
    await symlink(manifests, link)
    const other = path.join(root, 'other')
    await mkdir(other)
    const a = await lockDirectory(manifests, locks)
    const b = await lockDirectory(other, locks)
    await writeFile(a.file, `${process.ppid}\n`)
    await expect(lockDirectory(link, locks)).rejects.toBeInstanceOf(LockedError)
    expect(b.file).not.toBe(a.file)
    await b.release()
  })
})
