import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { MAX_FILE_BYTES } from '../../src/io/read-file.js'
import { readTree } from '../../src/io/read-tree.js'
import { tempDir } from '../support/cluster.js'

let dirs: string[] = []
afterEach(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
  dirs = []
})
const temp = () => {
  const d = tempDir()
  dirs.push(d)
  return d
}

const node = (name: string) => `apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: ${name}\n`

test('every kind of entry a tree may hold is read, skipped or refused, and the read never waits', async () => {
  const outside = temp()
  const root = temp()
  writeFileSync(path.join(outside, 'far.yaml'), node('far'))
  mkdirSync(path.join(root, 'sub'))
  writeFileSync(path.join(root, 'a.yaml'), node('a'))
  writeFileSync(path.join(root, 'sub', 'b.yml'), node('b'))
  writeFileSync(path.join(root, 'empty.yaml'), '')
  writeFileSync(path.join(root, 'notes.txt'), 'not a manifest')
  symlinkSync(path.join(root, 'sub', 'b.yml'), path.join(root, 'same-as-b.yaml'))
  symlinkSync(path.join(outside, 'far.yaml'), path.join(root, 'far.yaml'))
  symlinkSync(path.join(root, 'missing.yaml'), path.join(root, 'dangling.yaml'))
  // A FIFO named like a manifest: opening it for reading would wait for a writer forever.
  execFileSync('mkfifo', [path.join(root, 'pipe.yaml')])
  const read = await readTree(root)
  expect(read.files.map((f) => [f.path, f.text])).toEqual([
    ['a.yaml', node('a')],
    ['empty.yaml', ''],
    ['sub/b.yml', node('b')],
  ])
  expect(read.diagnostics.map((d) => [d.file, d.code])).toEqual([
    ['dangling.yaml', 'symlink-escape'],
    ['far.yaml', 'symlink-escape'],
  ])
})

test('a file over the cap is refused before it is read; one just under it is read whole', async () => {
  const root = temp()
  const under = `# ${'x'.repeat(MAX_FILE_BYTES - 4)}\n`
  writeFileSync(path.join(root, 'under.yaml'), under)
  writeFileSync(path.join(root, 'over.yaml'), `${under}#\n`)
  const read = await readTree(root)
  expect(read.files.map((f) => [f.path, f.text.length])).toEqual([['under.yaml', MAX_FILE_BYTES - 1]])
  expect(read.diagnostics.map((d) => [d.file, d.code, d.message])).toEqual([
    [
      'over.yaml',
      'file-too-large',
      `file is ${MAX_FILE_BYTES + 1} bytes; manifests over 64 MiB (status included) are refused`,
    ],
  ])
})
