import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { demoDir } from './harness.js'

let dir: ReturnType<typeof demoDir>
afterEach(() => dir.cleanup())

const CACHE = join('manifests', '.berth')

test.each([
  ['scale', ['scale', 'myservice=3']],
  ['service update', ['service', 'update', '--image', 'mrjana/simpleweb:2', 'myservice']],
  ['node update', ['node', 'update', '--availability', 'drain', 'node2']],
  ['plugin disable', ['plugin', 'disable', 'weave2']],
])('%s --no-reconcile edits the manifest and writes no .berth/ (the parse cache)', async (_name, argv) => {
  // A person asked for an edit only; berth made a hidden folder beside their manifests anyway.
  dir = demoDir()
  const result = await dir.berth(...argv, '--no-reconcile')
  expect(result.code).toBe(0)
  expect(existsSync(join(dir.cwd, CACHE))).toBe(false)
  // The next reconcile loads the edit, and it does keep a cache.
  expect((await dir.berth('reconcile', '--detach')).code).toBe(0)
  expect(existsSync(join(dir.cwd, CACHE))).toBe(true)
})

test('an existing cache is left byte for byte by an edit with --no-reconcile', async () => {
  dir = demoDir()
  expect((await dir.berth('reconcile')).code).toBe(0)
  const files = join(dir.cwd, CACHE)
  const before = snapshot(files)
  expect((await dir.berth('scale', 'myservice=3', '--no-reconcile')).code).toBe(0)
  expect(snapshot(files)).toBe(before)
  expect(dir.read('services/myservice.yaml')).toMatch(/replicas: 3/)
})

function snapshot(folder: string): string {
  return readdirSync(folder)
    .sort()
    .map((f) => `${f}\n${readFileSync(join(folder, f), 'utf8')}`)
    .join('\n')
}
