import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cp, mkdir, mkdtemp, readdir, readFile, stat, truncate, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { cachePath } from '../../src/cache/cache-file.js'
import { openParseCache } from '../../src/cache/parse-cache.js'
import { reconcileInputs } from '../../src/cache/reconcile-inputs.js'
import { createApp } from '../../src/cli/app.js'
import { run } from '../../src/cli/main.js'
import { loadFile } from '../../src/load/load-file.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import { createValidator } from '../../src/validate/validator.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const bin = path.join(root, 'dist/src/cli/bin.js')
const ENV = { SOURCE_DATE_EPOCH: '1764324000' }
const validator = createValidator()

async function demo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-cache-'))
  await cp(path.join(root, 'manifests'), dir, { recursive: true })
  return dir
}

/** `berth ARGS` in process; its exit code and output. */
async function berth(dir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = []
  const app = createApp(
    { out: (t) => void out.push(t), err: (t) => void out.push(t), isTTY: false },
    ENV,
    dir,
  )
  const code = await run([...args, '--dir', dir], app)
  return { code, out: out.join('').replace(/ in \d+ ms/, '') }
}

/** Every manifest's bytes, by path (the cache folder left out). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter(
    (e) => e.isFile() && e.name.endsWith('.yaml') && !e.parentPath.includes('.berth'),
  )
  const out: Record<string, string> = {}
  for (const e of files)
    out[path.relative(dir, path.join(e.parentPath, e.name))] = await readFile(
      path.join(e.parentPath, e.name),
      'utf8',
    )
  return out
}

/** Applies `edit` to two copies, one with the cache as `spoil` leaves it, one with none; both reconcile. */
async function sameAsWithoutCache(
  edit: (dir: string) => Promise<void>,
  spoil: (dir: string) => Promise<void>,
) {
  const cached = await demo()
  expect((await berth(cached, 'reconcile')).code).toBe(0) // builds the cache
  await stat(cachePath(cached))
  const plain = await demo()
  await edit(cached)
  await edit(plain)
  await spoil(cached)
  const a = await berth(cached, 'reconcile')
  const b = await berth(plain, 'reconcile')
  expect(a).toEqual(b)
  expect(await snapshot(cached)).toEqual(await snapshot(plain))
  expect(await berth(cached, 'get', 'services', '-o', 'json')).toEqual(
    await berth(plain, 'get', 'services', '-o', 'json'),
  )
  return { cached, plain }
}

const scale = (n: number) => async (dir: string) => {
  const file = path.join(dir, 'services/myservice.yaml')
  await writeFile(file, (await readFile(file, 'utf8')).replace('replicas: 8', `replicas: ${n}`))
}
const nothing = async () => undefined

describe('the parse cache changes speed, never a result', { timeout: 60_000 }, () => {
  test.each([
    ['a missing cache', nothing, nothing],
    ['an intact cache, after an edit (stale entry)', scale(3), nothing],
    [
      'a corrupted cache',
      scale(5),
      async (dir: string) => writeFile(cachePath(dir), '{"format": garbage\n[1,2'),
    ],
    ['a truncated cache', scale(2), async (dir: string) => truncate(cachePath(dir), 500)],
    [
      'a cache of another berth (foreign version)',
      scale(4),
      async (dir: string) => {
        const text = await readFile(cachePath(dir), 'utf8')
        await writeFile(cachePath(dir), text.replace(/"key":"v\d+:/, '"key":"v999:'))
      },
    ],
    [
      'a body changed under a valid header (checksum mismatch)',
      nothing,
      async (dir: string) => {
        const text = await readFile(cachePath(dir), 'utf8')
        await writeFile(cachePath(dir), text.replace('"replicas":8', '"replicas":1'))
      },
    ],
  ])('%s', async (_name, edit, spoil) => {
    await sameAsWithoutCache(edit, spoil)
  })

  test('a temporary file left by a berth that died mid-write is removed by the next save', async () => {
    const dir = await demo()
    expect((await berth(dir, 'reconcile')).code).toBe(0)
    const orphan = `${cachePath(dir)}.999.dead.tmp`
    await writeFile(orphan, '{"half":')
    const hourAgo = new Date(Date.now() - 3_600_000)
    await utimes(orphan, hourAgo, hourAgo)
    const fresh = `${cachePath(dir)}.998.live.tmp`
    await writeFile(fresh, '{"being written":')
    await scale(5)(dir)
    expect((await berth(dir, 'reconcile')).code).toBe(0)
    const left = await readdir(path.dirname(cachePath(dir)))
    expect(left).not.toContain(path.basename(orphan))
    // A young one may be another berth mid-write: left alone.
    expect(left).toContain(path.basename(fresh))
  })

  test('a file edited to the same size and mtime is parsed again', async () => {
    const dir = await demo()
    expect((await berth(dir, 'reconcile')).code).toBe(0)
    const file = path.join(dir, 'services/myservice.yaml')
    const before = await stat(file)
    const text = await readFile(file, 'utf8')
    const edited = text.replace('replicas: 8', 'replicas: 6')
    expect(edited.length).toBe(text.length)
    await writeFile(file, edited)
    await utimes(file, before.atime, before.mtime)
    expect(Math.abs((await stat(file)).mtimeMs - before.mtimeMs)).toBeLessThan(1)
    // A reading command through the cache sees the new spec, and reconcile acts on it.
    const got = JSON.parse((await berth(dir, 'get', 'service', 'myservice', '-o', 'json')).out)
    expect(got.spec.replicas).toBe(6)
    expect((await berth(dir, 'reconcile')).out).toMatch(/myservice +replicated +6\/6/)
  })

  test('entries made from berth’s own writes equal a fresh parse of the written files', async () => {
    // Statuses stripped: the reconcile writes every file, and remembers them without parsing.
    const dir = await demo()
    for (const [file, text] of Object.entries(await snapshot(dir)))
      await writeFile(path.join(dir, file), text.replace(/^status:\n(?: .*\n)*/m, ''))
    const first = await berth(dir, 'reconcile')
    expect(first.out).toMatch(/[1-9] files written/)
    const cache = await openParseCache(dir, validator.schemaDigest, { readOnly: true })
    const load = cache.loader(validator)
    for (const [file, text] of Object.entries(await snapshot(dir))) {
      const fresh = loadFile(file, text, validator)
      const cached = load(file, text)
      expect(cached.resources, file).toEqual(fresh.resources)
      expect(cached.diagnostics).toEqual([])
    }
    // Every file of this single-document-per-file demo came from the cache.
    expect(cache.stats.misses).toBe(1) // nodes.yaml holds two documents: parsed
    expect(cache.stats.hits).toBeGreaterThan(4)
  })

  test('whether a file’s status layout is today’s is saved with its entry, and only a writing run saves it', async () => {
    const dir = await demo()
    const file = 'volumes/pluginVol.yaml'
    const current = await readFile(path.join(dir, file), 'utf8')
    // The same status, one line per field: an older berth's layout.
    const stale = current.replace(/^ {4}- \{(.*)\}$/gm, (_l, fields: string) =>
      fields
        .split(', ')
        .map((f, i) => `${i === 0 ? '    - ' : '      '}${f}`)
        .join('\n'),
    )
    expect(stale).not.toBe(current)
    const loadBoth = async (readOnly: boolean) => {
      const cache = await openParseCache(dir, validator.schemaDigest, { readOnly })
      const load = cache.loader(validator)
      const out = [load('a.yaml', current), load('b.yaml', stale)]
      await cache.save()
      return { out, stats: { ...cache.stats } }
    }
    // A reading command's cache writes nothing, so the next run parses again.
    expect((await loadBoth(true)).stats).toEqual({ hits: 0, misses: 2 })
    expect((await loadBoth(false)).stats).toEqual({ hits: 0, misses: 2 })
    const again = await loadBoth(true)
    expect(again.stats).toEqual({ hits: 2, misses: 0 })
    expect(again.out.map((f) => f.statusLayoutCurrent ?? false)).toEqual([true, false])
  })

  test('a converged tree is known as such until a byte or the plugin catalog changes', async () => {
    const dir = await demo()
    expect((await berth(dir, 'reconcile')).code).toBe(0)
    const inputs = reconcileInputs(loadRegistry())
    const convergedNow = async (extra = inputs) => {
      const cache = await openParseCache(dir, validator.schemaDigest, { readOnly: true })
      const load = cache.loader(validator)
      for (const [file, text] of Object.entries(await snapshot(dir))) load(file, text)
      return cache.converged(extra)
    }
    expect(await convergedNow()).toBe(true)
    const registry = await mkdtemp(path.join(tmpdir(), 'berth-registry-'))
    await mkdir(path.join(registry, 'acme'))
    await writeFile(
      path.join(registry, 'acme/vol.json'),
      JSON.stringify({ interface: { types: ['docker.volumedriver/1.0'] } }),
    )
    expect(await convergedNow(reconcileInputs(loadRegistry([registry])))).toBe(false)
    // A person edits berth's status by hand: not converged any more, and reconcile puts it back.
    const file = path.join(dir, 'services/myservice.yaml')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace(/running: 8\}/, 'running: 7}'))
    expect(await convergedNow()).toBe(false)
    expect((await berth(dir, 'reconcile')).out).toContain('1 file written')
    expect(await readFile(file, 'utf8')).toBe(text)
    expect(await convergedNow()).toBe(true)
  })

  test('two concurrent runs: both succeed, the cache stays whole, results unchanged', async () => {
    const dir = await demo()
    const child = () =>
      new Promise<number>((resolve) => {
        execFile(
          process.execPath,
          [bin, 'reconcile', '--dir', dir],
          { env: { ...process.env, ...ENV } },
          (error) => resolve(error ? Number(error.code ?? 1) : 0),
        )
      })
    await scale(7)(dir)
    expect(await Promise.all([child(), child(), child()])).toEqual([0, 0, 0])
    const text = await readFile(cachePath(dir), 'utf8')
    // Read as the built berth that wrote it reads it: the cache is keyed by the build.
    const built = (await import(path.join(root, 'dist/src/cache/parse-cache.js'))) as {
      openParseCache: typeof openParseCache
    }
    const cache = await built.openParseCache(dir, validator.schemaDigest, { readOnly: true })
    const load = cache.loader(validator)
    for (const [file, content] of Object.entries(await snapshot(dir))) load(file, content)
    expect(cache.stats.hits).toBeGreaterThan(4)
    expect(text.split('\n')).toHaveLength(2)
    const plain = await demo()
    await scale(7)(plain)
    expect((await berth(plain, 'reconcile')).code).toBe(0)
    expect(await snapshot(dir)).toEqual(await snapshot(plain))
    expect((await readdir(path.dirname(cachePath(dir)))).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})

// What one build accepted, another (a new validation rule, the same version number) may refuse:
// the cache is keyed by the build, so a rebuilt berth parses and validates again.
test('a cache another build wrote is not trusted, even at the same version', async () => {
  const dir = await demo()
  const node = (...args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [bin, ...args, '--dir', dir],
        { env: { ...process.env, ...ENV } },
        (error, out) => (error ? reject(error) : resolve(out)),
      ),
    )
  await node('reconcile')
  const buildId = (await readFile(path.join(root, 'dist/build-id'), 'utf8')).trim()
  const [header = '', body = ''] = (await readFile(cachePath(dir), 'utf8')).split('\n')
  const { key } = JSON.parse(header) as { key: string }
  expect(key).toContain(`+${buildId}:`)
  // Another build's cache: what it cached for myservice differs from the file (a value it let through).
  const otherBody = body.replace('"replicas":8', '"replicas":3')
  expect(otherBody).not.toBe(body)
  const otherHeader = {
    ...JSON.parse(header),
    key: key.replace(buildId, '0123456789abcdef'),
    checksum: createHash('sha256').update(otherBody).digest('hex'),
  }
  await writeFile(cachePath(dir), `${JSON.stringify(otherHeader)}\n${otherBody}`)
  const list = JSON.parse(await node('get', 'services', '-o', 'json')) as {
    items: { metadata: { name: string }; spec: { replicas?: number } }[]
  }
  expect(list.items.find((i) => i.metadata.name === 'myservice')?.spec.replicas).toBe(8)
})
