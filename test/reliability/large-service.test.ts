import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { berth } from '../e2e/berth-cli.js'
import { cleanupAfterEach, converge, reconcileDir, tempDir } from '../support/cluster.js'
import { figure } from './support.js'

/**
 * Berth never writes what it cannot read back. The 1 MiB input cap counts what
 * people write (the text outside `status`); the status berth writes may take a
 * file past it, so a service of 12,000 or 100,000 replicas keeps working. A
 * replica count past berth's limit is refused before any work, naming the limit.
 */
const track = cleanupAfterEach()

function bigCluster(replicas: number): { dir: string; svc: string } {
  const dir = track(tempDir())
  const nodes = Array.from(
    { length: 20 },
    (_, i) => `apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: n${i + 1}\n`,
  )
  // Written as other tools write YAML: a trailing `---` after the last document.
  writeFileSync(path.join(dir, 'nodes.yaml'), `${nodes.join('---\n')}---\n`)
  const svc = path.join(dir, 'web.yaml')
  writeFileSync(
    svc,
    `# a large service\napiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  image: nginx\n  replicas: ${replicas}\n`,
  )
  return { dir, svc }
}

async function roundTrip(replicas: number) {
  const { dir, svc } = bigCluster(replicas)
  const started = performance.now()
  await converge(dir)
  const firstMs = performance.now() - started
  const bytes = statSync(svc).size
  // Read back: the file loads, nothing is refused, nothing is left to write.
  const again = await reconcileDir(dir)
  expect(again.tree.diagnostics).toEqual([])
  expect(again.writes).toEqual([])
  const status = again.store.get('Service', 'web')?.status
  expect(status?.replicas).toEqual({ desired: replicas, running: replicas })
  // Every later command works, `scale` included (as a person runs it, in a child process).
  const scaled = await berth(['--dir', dir, 'scale', `web=${replicas - 1}`, '--no-reconcile'])
  expect(scaled.stderr).toBe('')
  expect(scaled.code).toBe(0)
  const after = await converge(dir)
  expect(after.store.get('Service', 'web')?.status?.replicas?.running).toBe(replicas - 1)
  expect(readFileSync(svc, 'utf8')).toMatch(/^# a large service\n/)
  figure('large-service', { replicas, fileBytes: bytes, firstReconcileMs: Math.round(firstMs) })
  return bytes
}

// 12,000 replicas: enough task lines (about 78 bytes each) for the status alone to pass 1 MiB.
test('a service of 12,000 replicas: its status passes 1 MiB, and every later command still reads the file', async () => {
  const bytes = await roundTrip(12_000)
  expect(bytes).toBeGreaterThan(1024 * 1024)
}, 300_000)

// 100,000 replicas (the most a service may ask for) write a ~9 MB file: the limit people reach.
test('a service of 100,000 replicas round-trips too', async () => {
  const bytes = await roundTrip(100_000)
  expect(bytes).toBeGreaterThan(8 * 1024 * 1024)
}, 1_800_000)

test('berth scale of a 3,000-replica service, then an edit by hand: each reconcile after loads what a parse gives', async () => {
  const { dir, svc } = bigCluster(3000)
  expect((await berth(['--dir', dir, 'reconcile'])).code).toBe(0)
  const scaled = await berth(['--dir', dir, 'scale', 'web=2999'])
  expect(scaled.stderr).toBe('')
  expect(scaled.code).toBe(0)
  const text = readFileSync(svc, 'utf8')
  expect(text).toMatch(/^# a large service\napiVersion: berth.dev\/v1\nkind: Service\n/)
  expect(text).toContain('\n  replicas: 2999\nstatus:\n  replicas: {desired: 2999, running: 2999}\n')
  // The next reconcile loads the edited file from the cache the edit left, and has nothing to write…
  const again = await berth(['--dir', dir, 'reconcile'])
  expect(again.stdout).toContain(': 0 files written')
  const cached = await berth(['--dir', dir, 'get', 'service', 'web', '-o', 'yaml'])
  // …and so has one that parses every file, which reads the service the same way.
  rmSync(path.join(dir, '.berth'), { recursive: true })
  const parsed = await berth(['--dir', dir, 'get', 'service', 'web', '-o', 'yaml'])
  expect(parsed.stdout).toBe(cached.stdout)
  const fresh = await berth(['--dir', dir, 'reconcile'])
  expect(fresh.stdout).toContain(': 0 files written')
  expect(readFileSync(svc, 'utf8')).toBe(text)

  // A person's edit by hand, the statuses untouched: the reconcile loads the file keeping them.
  writeFileSync(svc, text.replace('  replicas: 2999\n', '  replicas: 2000 # fewer\n'))
  expect((await berth(['--dir', dir, 'reconcile'])).code).toBe(0)
  const afterHand = readFileSync(svc, 'utf8')
  expect(afterHand).toContain(
    '\n  replicas: 2000 # fewer\nstatus:\n  replicas: {desired: 2000, running: 2000}\n',
  )
  const cachedHand = await berth(['--dir', dir, 'get', 'service', 'web', '-o', 'yaml'])
  rmSync(path.join(dir, '.berth'), { recursive: true })
  expect((await berth(['--dir', dir, 'get', 'service', 'web', '-o', 'yaml'])).stdout).toBe(cachedHand.stdout)
  expect((await berth(['--dir', dir, 'reconcile'])).stdout).toContain(': 0 files written')
  expect(readFileSync(svc, 'utf8')).toBe(afterHand)
}, 300_000)

test.each([
  ['2000000000', 'in the file'],
  ['100001', 'just over the limit'],
])('replicas: %s (%s) is refused before any work, naming the limit', async (replicas) => {
  const { dir, svc } = bigCluster(3)
  writeFileSync(svc, readFileSync(svc, 'utf8').replace('replicas: 3', `replicas: ${replicas}`))
  const result = await reconcileDir(dir)
  // Refused at load: nothing was reconciled (the old build planned 2e9 tasks and grew to 2.8 GB).
  expect(result.report).toBeUndefined()
  expect(result.tree.diagnostics).toEqual([
    expect.objectContaining({
      file: 'web.yaml',
      line: 8,
      col: 3,
      message: 'spec.replicas: must be 100000 or less',
    }),
  ])
})

test('berth scale past the limit is refused with the limit named, and the file is untouched', async () => {
  const { dir, svc } = bigCluster(3)
  await converge(dir)
  const before = readFileSync(svc, 'utf8')
  const result = await berth(['--dir', dir, 'scale', 'web=2000000000'])
  expect(result.code).toBe(1)
  expect(result.stderr).toContain('web.yaml:8:3: spec.replicas: must be 100000 or less')
  expect(readFileSync(svc, 'utf8')).toBe(before)
})

test('what people write is still capped at 1 MiB outside status: a huge comment is refused before parsing', async () => {
  const { dir, svc } = bigCluster(1)
  const person = `${readFileSync(svc, 'utf8')}# ${'x'.repeat(1024 * 1024)}\n`
  writeFileSync(svc, person)
  const refused = await reconcileDir(dir)
  expect(refused.tree.diagnostics).toEqual([
    expect.objectContaining({ file: 'web.yaml', code: 'file-too-large', line: 1, col: 1 }),
  ])
  expect(refused.tree.diagnostics[0]?.message).toMatch(/bytes outside status; manifests over 1 MiB/)
})
