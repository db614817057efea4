import {
  chmod,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { cleanTempFiles, replaceKeepingOld, writeFileAtomic } from '../../src/io/atomic-write.js'
import { KEEP_MS } from '../../src/io/keep-replaced.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-atomic-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const leftovers = async () => (await readdir(dir)).filter((name) => name.includes('.berth-tmp-'))

test('replaces the content and keeps the mode', async () => {
  const file = join(dir, 'a.yaml')
  await writeFile(file, 'kind: A\n')
  await chmod(file, 0o640)
  expect(await writeFileAtomic(file, 'kind: A\nstatus: {}\n', { expected: 'kind: A\n' })).toBe('written')
  expect(await readFile(file, 'utf8')).toBe('kind: A\nstatus: {}\n')
  expect((await stat(file)).mode & 0o777).toBe(0o640)
  expect(await leftovers()).toEqual([])
})

test('creates a missing file when nothing was expected', async () => {
  const file = join(dir, 'new.yaml')
  expect(await writeFileAtomic(file, 'x: 1\n')).toBe('written')
  expect(await readFile(file, 'utf8')).toBe('x: 1\n')
})

test.each([
  ['changed since read', 'kind: A # edited\n'],
  ['same length, other bytes', 'kind: B\n'],
])('reports a conflict and writes nothing when the file %s', async (_, onDisk) => {
  const file = join(dir, 'a.yaml')
  await writeFile(file, onDisk)
  expect(await writeFileAtomic(file, 'kind: A\nstatus: {}\n', { expected: Buffer.from('kind: A\n') })).toBe(
    'conflict',
  )
  expect(await readFile(file, 'utf8')).toBe(onDisk)
  expect(await leftovers()).toEqual([])
})

test('reports a conflict when the expected file is gone', async () => {
  expect(await writeFileAtomic(join(dir, 'gone.yaml'), 'x', { expected: 'y' })).toBe('conflict')
  expect(await readdir(dir)).toEqual([])
})

test('refuses to write through a symlink and leaves its target alone', async () => {
  const target = join(dir, 'target.yaml')
  const link = join(dir, 'link.yaml')
  await writeFile(target, 'kind: A\n')
  await symlink(target, link)
  await expect(writeFileAtomic(link, 'owned', { expected: 'kind: A\n' })).rejects.toThrow(/symlink/)
  expect(await readFile(target, 'utf8')).toBe('kind: A\n')
  expect(await leftovers()).toEqual([])
})

test('refuses a folder', async () => {
  await mkdir(join(dir, 'sub'))
  await expect(writeFileAtomic(join(dir, 'sub'), 'x')).rejects.toThrow(/not a regular file/)
})

test('removes its temporary file when the write fails', async () => {
  const file = join(dir, 'a.yaml')
  await writeFile(file, 'kind: A\n')
  // Not a string: the write into the already created temporary file throws.
  await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toThrow()
  expect(await leftovers()).toEqual([])
  expect(await readFile(file, 'utf8')).toBe('kind: A\n')
})

test('cleanTempFiles removes leftovers recursively and nothing else', async () => {
  await mkdir(join(dir, 'nested', 'deeper'), { recursive: true })
  const junk = [join(dir, '.a.yaml.berth-tmp-1-ab'), join(dir, 'nested', 'deeper', '.b.yaml.berth-tmp-2-cd')]
  const keep = [
    join(dir, 'a.yaml'),
    join(dir, 'nested', 'berth-tmp-not-hidden.yaml'),
    join(dir, '.hidden.yaml'),
  ]
  for (const file of [...junk, ...keep]) await writeFile(file, 'x')
  expect((await cleanTempFiles(dir)).sort()).toEqual([...junk].sort())
  for (const file of keep) expect(await readFile(file, 'utf8')).toBe('x')
})

/** Reads `file` until it holds `text` or `ms` pass; returns what it last held. */
async function settlesTo(file: string, text: string, ms: number): Promise<string> {
  const until = Date.now() + ms
  let now = await readFile(file, 'utf8')
  while (now !== text && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 10))
    now = await readFile(file, 'utf8')
  }
  return now
}

test.each([
  ['saved long ago (its size and time tell)', true],
  ['saved a moment ago (its bytes are read)', false],
])('a save written into the file berth replaced is put back: the file %s', async (_, old) => {
  // An editor opened the file before berth's rename and writes after it: the bytes go to the
  // replaced file, which has no name left. berth holds it for KEEP_MS and copies them back.
  const file = join(dir, 'a.yaml')
  await writeFile(file, 'spec: 1\n')
  if (old) await utimes(file, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000))
  const editor = await open(file, 'r+')
  try {
    expect(await writeFileAtomic(file, 'spec: 1\nstatus: {}\n', { expected: 'spec: 1\n' })).toBe('written')
    expect(await readFile(file, 'utf8')).toBe('spec: 1\nstatus: {}\n')
    await editor.truncate(0)
    await editor.write('spec: 2\n', 0)
  } finally {
    await editor.close()
  }
  // Put back as soon as it is seen (a look every 50 ms), at the latest KEEP_MS after the write;
  // the margin is for a busy machine.
  expect(await settlesTo(file, 'spec: 2\n', KEEP_MS + 1000)).toBe('spec: 2\n')
  expect(await leftovers()).toEqual([])
})

test('a save put back never overwrites a newer save made by rename', async () => {
  const file = join(dir, 'a.yaml')
  await writeFile(file, 'spec: 1\n')
  const editor = await open(file, 'r+')
  try {
    expect(await writeFileAtomic(file, 'spec: 1\nstatus: {}\n', { expected: 'spec: 1\n' })).toBe('written')
    // The person saves again, by rename, before the late in-place bytes arrive.
    await writeFile(join(dir, '.a.yaml.swp'), 'spec: 3\n')
    await rename(join(dir, '.a.yaml.swp'), file)
    await editor.truncate(0)
    await editor.write('spec: 2\n', 0)
  } finally {
    await editor.close()
  }
  await new Promise((r) => setTimeout(r, KEEP_MS + 200))
  expect(await readFile(file, 'utf8')).toBe('spec: 3\n')
})

// The last step of a checked write, met by a delete between the check and it: the file the
// person deleted stays deleted, and nothing of berth's is left behind.
test('a file deleted after the check is a conflict at the rename, never brought back', async () => {
  const path = join(dir, 'web.yaml')
  const temp = join(dir, '.web.yaml.berth-tmp-test')
  await writeFile(temp, 'new\n')
  const result = await replaceKeepingOld(temp, path, Buffer.from('old\n'), Buffer.from('new\n'))
  expect(result).toBe('conflict')
  expect(await readdir(dir)).toEqual([])
})
