import { copyFile, readFile, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import type { RunningDaemon } from '../e2e/daemon.js'
import { cleanUpAfterEach, startWatch, waitFor } from '../e2e/daemon.js'
import { converge, reconcileDir, tempDir } from '../support/cluster.js'
import { parseStrict, prng, seedFor, taskIds, tempLeftovers, writeServiceTree } from './support.js'

/**
 * Nothing a person does, and nothing berth wrote itself, moves a running task:
 * a file that does not load (at start-up too, with no last good copy in
 * memory), a status this version does not know, a copied file. Each case runs
 * the real daemon as a child process over real files.
 */
const cleanUp = cleanUpAfterEach()

/** A converged tree: 3 nodes in nodes.yaml, `services` services with 2–3 replicas each, statuses written. */
async function convergedTree(services: number, seed: number) {
  const root = cleanUp.dir(tempDir())
  const files = await writeServiceTree(root, services, prng(seedFor(seed)))
  for (const f of files) {
    const abs = path.join(root, f)
    await writeFile(abs, (await readFile(abs, 'utf8')).replace(/replicas: \d+/, 'replicas: 3'))
  }
  await converge(root)
  return { root, files, ids: await taskIds(root, files) }
}

const settled = (d: string) =>
  waitFor(async () => (await reconcileDir(d)).writes.length === 0, 30_000, 'convergence')

async function watch(root: string): Promise<RunningDaemon> {
  const d = cleanUp.daemon(startWatch(root))
  await waitFor(() => d.log().includes('watching '), 30_000, 'the first round')
  return d
}

/** Half-saved versions of a three-node file, as an editor or a copy leaves it mid-write. */
const halfSaved: [string, (text: string) => string][] = [
  // Cut inside the second document's spec: node1 parses, node2 does not validate.
  ['cut inside a spec', (t) => t.slice(0, t.indexOf('role: worker') + 8)],
  // Cut before the second document's name: nothing says which node it was.
  ['cut before a name', (t) => t.slice(0, t.indexOf('name: node2') - 2)],
  // A YAML syntax error, as a half-typed flow mapping leaves it.
  ['syntax error', (t) => t.replace('labels: {zone: b}', 'labels: {zone: b')],
  // Refused before parsing: a NUL byte, as a torn write of another file can leave.
  ['a NUL byte', (t) => t.replace('role: worker', 'role: w\0rker')],
]

test.each(halfSaved)(
  'a Node file that does not load at start-up (%s) moves no task, before or after the fix',
  async (_, cut) => {
    // Starting next to a half-saved file used to count its nodes as deleted: every task on them
    // moved, and stayed moved after the file was fixed. Berth has no last good copy in memory at
    // start-up, so what the file defines is unknown: it is held, and logged, until it loads.
    const { root, files, ids } = await convergedTree(4, 7101)
    const nodes = path.join(root, 'nodes.yaml')
    const good = await readFile(nodes, 'utf8')
    await writeFile(nodes, cut(good))
    const d = await watch(root)
    await waitFor(() => d.log().includes(`held: ${nodes} does not load`), 10_000, 'the held line')
    expect(await taskIds(root, files)).toEqual(ids)
    expect(d.log()).not.toMatch(/task \S+ (moved|stopped on)|: removed/)
    await writeFile(nodes, good)
    await waitFor(() => d.log().includes(`resolved: ${nodes} loads now`), 10_000, 'the resolved line')
    await settled(root)
    expect(await taskIds(root, files)).toEqual(ids)
  },
)

test('while a file is held, a scale-down waits and the held service is logged; it applies once the file loads', async () => {
  const { root, files, ids } = await convergedTree(2, 7102)
  const nodes = path.join(root, 'nodes.yaml')
  const good = await readFile(nodes, 'utf8')
  await writeFile(nodes, good.slice(0, good.indexOf('name: node2') - 2))
  const d = await watch(root)
  const svc = path.join(root, files[0] as string)
  await writeFile(svc, (await readFile(svc, 'utf8')).replace('replicas: 3', 'replicas: 1'))
  await waitFor(
    () => /held: Service\/svc-000 keeps the status in its file/.test(d.log()),
    10_000,
    'held service',
  )
  expect(await taskIds(root, files)).toEqual(ids)
  await writeFile(nodes, good)
  await waitFor(() => d.log().includes('released: Service/svc-000'), 10_000, 'the release')
  await settled(root)
  const after = await taskIds(root, files)
  expect(after.get(files[0] as string)?.split(',')).toHaveLength(1)
  expect(after.get(files[1] as string)).toBe(ids.get(files[1] as string))
})

test('a node status with a field this version does not know is replaced, and moves no task', async () => {
  const { root, files, ids } = await convergedTree(3, 7103)
  const nodes = path.join(root, 'nodes.yaml')
  const text = await readFile(nodes, 'utf8')
  // A newer berth wrote a field this one does not know, in every node's status.
  await writeFile(nodes, text.replace(/^status:$/gm, 'status:\n  drainedAt: "2030-01-01T00:00:00Z"'))
  const d = await watch(root)
  await settled(root)
  expect(d.log()).toMatch(/nodes\.yaml:\d+:\d+: status is not one berth wrote for Node\/node1/)
  expect(await readFile(nodes, 'utf8')).not.toContain('drainedAt')
  expect(await taskIds(root, files)).toEqual(ids)
})

test('a copied service file (same name) never drops the live service, at start-up or while running', async () => {
  // A duplicate kind/name made the daemon remove the running service (while `reconcile` refused
  // the tree), and the fix brought it back silently. The definition in force stays in force.
  const { root, files, ids } = await convergedTree(2, 7104)
  const original = path.join(root, files[0] as string)
  const copy = path.join(root, 'services', 'copy-of-svc-000.yaml')
  await copyFile(original, copy)
  const d = await watch(root)
  await waitFor(() => d.log().includes('held: Service/svc-000 is defined more than once'), 10_000, 'held')
  expect(d.log()).not.toContain('svc-000: removed')
  await unlink(copy)
  await waitFor(() => d.log().includes('resolved: Service/svc-000 is defined once again'), 10_000, 'resolved')
  await settled(root)
  expect(await taskIds(root, files)).toEqual(ids)
  // The same while running: the copy appears, then the original goes; the copy carries on.
  await copyFile(original, copy)
  await waitFor(() => d.log().split('is defined more than once').length > 2, 10_000, 'held again')
  expect(d.log()).toMatch(new RegExp(`the definition in force \\(${original}:\\d+:\\d+\\)`))
  await unlink(original)
  await settled(root)
  const [doc] = (await parseStrict(copy)) as { status: { tasks: { id: string; node: string }[] } }[]
  const copied = doc?.status.tasks.map((t) => `${t.id}@${t.node}`).sort()
  expect(copied?.join(',')).toBe(ids.get(files[0] as string))
  expect(d.log()).not.toContain('svc-000: removed')
  expect(await tempLeftovers(root)).toEqual([])
})

test('a service copied under a new name, or renamed in place, gets its own task names and ids', async () => {
  // The copy inherited the other service's tasks: `node ps` showed one id twice.
  const { root, files, ids } = await convergedTree(1, 7105)
  const original = path.join(root, files[0] as string)
  const text = await readFile(original, 'utf8')
  await writeFile(path.join(root, 'services', 'web2.yaml'), text.replace('name: svc-000', 'name: web2'))
  const d = await watch(root)
  await settled(root)
  const [copy] = (await parseStrict(path.join(root, 'services', 'web2.yaml'))) as {
    status: { tasks: { id: string; name: string }[] }
  }[]
  const own =
    ids
      .get(files[0] as string)
      ?.split(',')
      .map((t) => t.split('@')[0]) ?? []
  expect(copy?.status.tasks.map((t) => t.name).every((n) => n.startsWith('web2.'))).toBe(true)
  expect(copy?.status.tasks.some((t) => own.includes(t.id))).toBe(false)
  expect(await taskIds(root, files)).toEqual(ids)
  // Renamed in place while running: the old name's tasks are not the new name's.
  await writeFile(original, (await readFile(original, 'utf8')).replace('name: svc-000', 'name: renamed'))
  await settled(root)
  const [renamed] = (await parseStrict(original)) as { status: { tasks: { id: string; name: string }[] } }[]
  expect(renamed?.status.tasks.map((t) => t.name).every((n) => n.startsWith('renamed.'))).toBe(true)
  expect(renamed?.status.tasks.some((t) => own.includes(t.id))).toBe(false)
  expect(d.log()).toMatch(/is not a task of service renamed/)
})
