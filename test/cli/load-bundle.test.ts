import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { codeCacheFile, runCommonJs } from '../../src/cli/load-bundle.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'berth-load-bundle-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A CommonJS module that uses what node gives one: `require`, `module`, `__filename`, `__dirname`. */
function writeModule(name: string): string {
  const file = path.join(dir, name)
  writeFileSync(
    file,
    [
      "const { join } = require('node:path')",
      'module.exports = { where: join(__dirname, "x"), file: __filename, square: (n) => n * n }',
      'exports.ignored = true',
    ].join('\n'),
  )
  return file
}

test('a CommonJS file runs as node runs it, with or without its code cache', () => {
  const file = writeModule('m.cjs')
  const first = runCommonJs<{ where: string; file: string; square: (n: number) => number }>(file)
  expect(first.exports.where).toBe(path.join(dir, 'x'))
  expect(first.exports.file).toBe(file)
  expect(first.exports.square(7)).toBe(49)
  expect(first.cacheRejected).toBe(false)
  writeFileSync(codeCacheFile(file), first.script.createCachedData())
  const cached = runCommonJs<{ square: (n: number) => number }>(file)
  expect(cached.cacheRejected).toBe(false)
  expect(cached.exports.square(8)).toBe(64)
})

// A cache is never a source of truth: one made for other source, or damaged, only costs the compile.
test.each([
  ['garbage bytes', () => Buffer.from('not a code cache')],
  ['an empty file', () => Buffer.alloc(0)],
  [
    "another file's cache",
    () => {
      const other = path.join(dir, 'other.cjs')
      writeFileSync(other, 'module.exports = { square: () => -1 }')
      return runCommonJs(other).script.createCachedData()
    },
  ],
])('a code cache that does not fit (%s) changes nothing but speed', (_name, cache) => {
  const file = writeModule('m.cjs')
  writeFileSync(codeCacheFile(file), cache())
  const loaded = runCommonJs<{ square: (n: number) => number }>(file)
  expect(loaded.exports.square(9)).toBe(81)
})

test('a missing file is an error, not an empty module', () => {
  expect(() => runCommonJs(path.join(dir, 'missing.cjs'))).toThrow(/ENOENT/)
})

// `npm test` builds first. A cache V8 refuses in a fresh `node` (other flags than the build's,
// a cache made before the last bundle) would silently give back the whole compile at each start.
test('the build leaves a bundle and validators whose code caches a fresh node accepts', () => {
  const probe = [
    `const { loadBundle, runCommonJs } = await import(${JSON.stringify(path.join(root, 'dist/src/cli/load-bundle.js'))})`,
    'const bundle = loadBundle()',
    `const checks = runCommonJs(${JSON.stringify(path.join(root, 'dist/src/validate/crd-checks.cjs'))})`,
    'console.log(JSON.stringify({ run: typeof bundle?.exports.run, bundle: bundle?.cacheRejected, checks: checks.cacheRejected, service: typeof checks.exports.Service }))',
  ].join('\n')
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })
  expect(child.stderr).toBe('')
  expect(JSON.parse(child.stdout)).toEqual({
    run: 'function',
    bundle: false,
    checks: false,
    service: 'function',
  })
})
