import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { commitWrites } from '../../src/engine/commit-writes.js'
import type { PlannedWrite } from '../../src/engine/plan-writes.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-commit-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const before = (name: string) => `kind: Node\nmetadata:\n  name: ${name}\n`
const after = (name: string) => `${before(name)}status:\n  state: ready\n`
const planned = (file: string, name: string): PlannedWrite => ({
  path: file,
  before: before(name),
  after: after(name),
  changed: [`Node/${name}`],
})

/** Every file under `dir`, relative, with berth's temporary files included. */
async function allFiles(): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
}

test('a batch over several folders lands every file and leaves no temporary file', async () => {
  const writes: PlannedWrite[] = []
  for (const folder of ['a', 'b', 'c/d']) {
    await mkdir(path.join(dir, folder), { recursive: true })
    for (let i = 0; i < 20; i++) {
      const file = path.join(folder, `n${i}.yaml`)
      await writeFile(path.join(dir, file), before(`n${i}`))
      writes.push(planned(file, `n${i}`))
    }
  }
  const result = await commitWrites(dir, writes)
  expect(result.written).toHaveLength(60)
  expect(result.conflicts).toEqual([])
  expect(result.failed).toEqual([])
  for (const w of writes) expect(await readFile(path.join(dir, w.path), 'utf8')).toBe(w.after)
  expect(await allFiles()).toEqual(writes.map((w) => w.path).sort())
})

test('one write failing mid-batch: the others land, the failed file is reported and keeps its bytes', async () => {
  // A name this long leaves no room for the temporary file's suffix (NAME_MAX is 255 bytes):
  // the write fails after its checks passed, as a full disk or a read-only folder would.
  const long = `${'x'.repeat(240)}.yaml`
  const names = ['n0.yaml', 'n1.yaml', long, 'n3.yaml', 'n4.yaml']
  for (const [i, name] of names.entries()) await writeFile(path.join(dir, name), before(`n${i}`))
  // A person saved this one after berth read it: a conflict, not written.
  await writeFile(path.join(dir, 'n3.yaml'), `${before('n3')}# edited\n`)
  const result = await commitWrites(
    dir,
    names.map((name, i) => planned(name, `n${i}`)),
  )
  expect(result.written).toEqual(['n0.yaml', 'n1.yaml', 'n4.yaml'])
  expect(result.conflicts).toEqual(['n3.yaml'])
  expect(result.failed).toEqual([{ path: long, kind: 'io', message: expect.stringMatching(/ENAMETOOLONG/) }])
  expect(await readFile(path.join(dir, long), 'utf8')).toBe(before('n2'))
  expect(await readFile(path.join(dir, 'n3.yaml'), 'utf8')).toBe(`${before('n3')}# edited\n`)
  for (const name of ['n0.yaml', 'n1.yaml', 'n4.yaml'])
    expect(await readFile(path.join(dir, name), 'utf8')).toBe(after(name.slice(0, 2)))
  expect(await allFiles()).toEqual([...names].sort())
})
