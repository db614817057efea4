import { createHash } from 'node:crypto'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { FileContentSpec } from '../../src/model/spec.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  doc,
  expectIdempotent,
  ready,
  reconcileDir,
  statusOf,
  tempDir,
} from '../support/cluster.js'

const track = cleanupAfterEach()
const secret = (name: string, spec: FileContentSpec) => doc('Secret', name, spec)
const config = (name: string, spec: FileContentSpec) => doc('Config', name, spec)
const sha256 = (bytes: string | Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

/** A manifest dir with `docs` and content files beside them. */
function make(docs: Doc[], files: Record<string, string | Buffer> = {}) {
  const dir = track(cluster(docs))
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), content)
  }
  return dir
}

describe('what a Secret or Config reports', () => {
  test('a file: its sha256 digest and size, Ready', async () => {
    const dir = make([secret('db-password', { file: './db-password.txt' })], {
      'db-password.txt': 's3cr3t\n',
    })
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Secret', 'db-password')).toMatchObject({ digest: sha256('s3cr3t\n'), size: 7 })
    expect(ready(store, 'Secret', 'db-password')).toMatchObject({ status: 'True', reason: 'Available' })
  })

  test('external: Ready without digest or size', async () => {
    const { store } = await reconcileDir(make([config('vault', { external: true })]))
    const status = statusOf(store, 'Config', 'vault')
    expect(status?.digest).toBeUndefined()
    expect(status?.size).toBeUndefined()
    expect(ready(store, 'Config', 'vault')).toMatchObject({ status: 'True', reason: 'External' })
  })

  test('the path is relative to the manifest that names it, not to the directory', async () => {
    const dir = track(tempDir())
    mkdirSync(join(dir, 'app', 'files'), { recursive: true })
    writeFileSync(join(dir, 'app', 'files', 'nginx.conf'), 'events {}\n')
    writeFileSync(join(dir, 'nginx.conf'), 'a different file\n')
    writeFileSync(
      join(dir, 'app', 'conf.yaml'),
      'apiVersion: berth.dev/v1\nkind: Config\nmetadata: {name: nginx}\nspec: {file: files/nginx.conf}\n',
    )
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Config', 'nginx')?.digest).toBe(sha256('events {}\n'))
  })

  test.each([
    ['missing', { 'other.txt': 'x' }, 'FileNotFound', 'secret s: x.txt not found'],
    ['empty (Docker refuses empty secrets)', { 'x.txt': '' }, 'EmptyContent', 'secret s: x.txt is empty'],
    ['over 500 KiB', { 'x.txt': Buffer.alloc(500 * 1024 + 1, 97) }, 'ContentTooLarge', 'the limit is 512000'],
  ])('a file %s: not Ready, saying why', async (_name, files, reason, message) => {
    const { store } = await reconcileDir(make([secret('s', { file: 'x.txt' })], files))
    expect(ready(store, 'Secret', 's')).toMatchObject({ status: 'False', reason })
    expect(ready(store, 'Secret', 's')?.message).toContain(message)
    expect(statusOf(store, 'Secret', 's')?.digest).toBeUndefined()
  })

  test('a *.yaml content file is content, not a manifest: not parsed, not reported, not written', async () => {
    const prometheus = 'global:\n  scrape_interval: 15s\nkind: NotAManifest\n'
    const dir = make([config('prometheus', { file: 'prometheus.yml' })], { 'prometheus.yml': prometheus })
    const { tree, store, writes } = await reconcileDir(dir)
    expect(tree.diagnostics).toEqual([])
    expect(tree.files.map((f) => f.path)).not.toContain('prometheus.yml')
    expect(writes.map((w) => w.path)).not.toContain('prometheus.yml')
    expect(statusOf(store, 'Config', 'prometheus')?.digest).toBe(sha256(prometheus))
  })

  test('a config may be larger than a secret: 1000 KiB', async () => {
    const big = Buffer.alloc(600 * 1024, 98)
    const { store } = await reconcileDir(make([config('c', { file: 'big.conf' })], { 'big.conf': big }))
    expect(statusOf(store, 'Config', 'c')?.size).toBe(600 * 1024)
  })

  test('a directory is not content', async () => {
    const dir = make([secret('s', { file: 'sub' })], { 'sub/inner.txt': 'x' })
    const { store } = await reconcileDir(dir)
    expect(ready(store, 'Secret', 's')).toMatchObject({ status: 'False', reason: 'NotAFile' })
  })

  test('a symlink that leaves the directory is never followed', async () => {
    const outside = track(tempDir())
    writeFileSync(join(outside, 'passwd'), 'root:x:0:0\n')
    const dir = make([secret('s', { file: 'link.txt' })])
    symlinkSync(join(outside, 'passwd'), join(dir, 'link.txt'))
    const { store } = await reconcileDir(dir)
    expect(ready(store, 'Secret', 's')).toMatchObject({ status: 'False', reason: 'FileOutsideDirectory' })
    expect(statusOf(store, 'Secret', 's')?.digest).toBeUndefined()
  })

  test('a symlink inside the directory is followed', async () => {
    const dir = make([secret('s', { file: 'link.txt' })], { 'real.txt': 'abc' })
    symlinkSync(join(dir, 'real.txt'), join(dir, 'link.txt'))
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Secret', 's')?.digest).toBe(sha256('abc'))
  })

  test('new content: a new digest, the same generation', async () => {
    const dir = make([secret('s', { file: 'x.txt' })], { 'x.txt': 'one' })
    const first = await converge(dir)
    writeFileSync(join(dir, 'x.txt'), 'two')
    const second = await converge(dir)
    expect(statusOf(second.store, 'Secret', 's')?.digest).toBe(sha256('two'))
    expect(statusOf(second.store, 'Secret', 's')?.observedGeneration).toBe(
      statusOf(first.store, 'Secret', 's')?.observedGeneration,
    )
  })

  test('idempotent', async () => {
    await expectIdempotent(
      make([secret('s', { file: 'x.txt' }), config('c', { external: true })], { 'x.txt': 'content' }),
    )
  })
})

describe('bad content sources are input errors with positions', () => {
  const write = (text: string, name = 'secret.yaml') => {
    const dir = track(tempDir())
    mkdirSync(join(dir, 'sub'), { recursive: true })
    writeFileSync(join(dir, name), text)
    return dir
  }
  const head = 'apiVersion: berth.dev/v1\nkind: Secret\nmetadata: {name: s}\n'
  test.each([
    [
      'leaving the directory',
      'spec:\n  file: ../../etc/passwd\n',
      'secret.yaml:5:3',
      'resolves outside the manifest directory',
    ],
    ['an absolute path', 'spec:\n  file: /etc/passwd\n', 'secret.yaml:5:3', 'not an absolute path'],
    ['neither file nor external', 'spec: {}\n', 'secret.yaml:4:1', 'needs file'],
    [
      'both file and external',
      'spec:\n  file: x\n  external: true\n',
      'secret.yaml:6:3',
      'cannot be combined with spec.file',
    ],
    ['an unknown field', 'spec:\n  data: aGk=\n', 'secret.yaml:5:3', 'data'],
  ])('%s', async (_name, spec, at, message) => {
    const { tree } = await reconcileDir(write(head + spec))
    const found = tree.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`)
    expect(
      found.some((d) => d.startsWith(at) && d.includes(message)),
      found.join('\n'),
    ).toBe(true)
  })

  test('from a subfolder, ../ that stays inside is fine', async () => {
    const dir = write(`${head}spec:\n  file: ../x.txt\n`, 'sub/secret.yaml')
    writeFileSync(join(dir, 'x.txt'), 'ok')
    const { tree, store } = await reconcileDir(dir)
    expect(tree.diagnostics).toEqual([])
    expect(statusOf(store, 'Secret', 's')?.size).toBe(2)
  })
})
