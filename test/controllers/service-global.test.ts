import { describe, expect, test } from 'vitest'
import type { Doc } from '../support/cluster.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  expectIdempotent,
  network,
  node,
  ready,
  reconcileDir,
  service,
  setSpec,
  statusOf,
  weave2,
  writeDocs,
} from '../support/cluster.js'

const track = cleanupAfterEach()
function make(docs: Doc[]) {
  return track(cluster(docs))
}
const base: Doc[] = [
  node('node1', { role: 'manager' }),
  node('node2'),
  node('node3', { platform: { os: 'linux', architecture: 'aarch64' } }),
  weave2(['node1', 'node3']),
  network('globalnet', { driver: 'bboreham/weave2' }),
  service('agent', { mode: 'global', networks: ['globalnet'] }),
]
const where = (store: Awaited<ReturnType<typeof reconcileDir>>['store']) =>
  (statusOf(store, 'Service', 'agent')?.tasks ?? [])
    .filter((t) => t.desiredState === 'running')
    .map((t) => `${t.name}@${t.node}`)

describe('global services', () => {
  test('one task per fitting node, named <service>.<node>, no slot; the others are named', async () => {
    const { store } = await reconcileDir(make(base))
    expect(where(store)).toEqual(['agent.node1@node1', 'agent.node3@node3'])
    const status = statusOf(store, 'Service', 'agent')
    expect(status?.replicas).toEqual({ desired: 2, running: 2 })
    for (const t of status?.tasks ?? []) {
      expect(t.slot).toBeUndefined()
      expect(t.id).toMatch(/^[0-9a-z]{25}$/)
    }
    // Unlike Swarm, no task pends forever on node2: the status names it instead.
    expect(ready(store, 'Service', 'agent')).toMatchObject({ status: 'True', reason: 'Running' })
    expect(ready(store, 'Service', 'agent')?.message).toContain(
      'node2: missing network plugin bboreham/weave2:latest',
    )
  })

  test('a node gains the plugin: it gets a task; existing ones keep their ids', async () => {
    const dir = make(base)
    const first = await converge(dir)
    setSpec(dir, 'Plugin', 'weave2', { nodes: ['node1', 'node2', 'node3'] })
    const { store } = await reconcileDir(dir)
    expect(where(store)).toEqual(['agent.node1@node1', 'agent.node2@node2', 'agent.node3@node3'])
    const ids = (s: typeof store) => (statusOf(s, 'Service', 'agent')?.tasks ?? []).map((t) => t.id)
    expect(ids(store)).toEqual(expect.arrayContaining(ids(first.store)))
  })

  test.each<[string, (dir: string) => void, string[]]>([
    [
      'plugin removed',
      (dir) => setSpec(dir, 'Plugin', 'weave2', { nodes: ['node1'] }),
      ['agent.node1@node1'],
    ],
    [
      'node drained',
      (dir) => setSpec(dir, 'Node', 'node3', { availability: 'drain' }),
      ['agent.node1@node1'],
    ],
    [
      'node paused: kept',
      (dir) => setSpec(dir, 'Node', 'node3', { availability: 'pause' }),
      ['agent.node1@node1', 'agent.node3@node3'],
    ],
    [
      'platform constraint',
      (dir) => setSpec(dir, 'Service', 'agent', { placement: { platforms: [{ architecture: 'arm64' }] } }),
      ['agent.node3@node3'],
    ],
    [
      'node added',
      (dir) => writeDocs(dir, [node('node4', { role: 'manager' }), weave2()]),
      ['agent.node1@node1', 'agent.node2@node2', 'agent.node3@node3', 'agent.node4@node4'],
    ],
  ])('%s', async (_name, change, expected) => {
    const dir = make(base)
    await converge(dir)
    change(dir)
    const { store } = await reconcileDir(dir)
    expect(where(store)).toEqual(expected)
    await expectIdempotent(dir)
  })

  test('resources: a node without room gets no task, and is named', async () => {
    const dir = make([
      node('big', { resources: { cpus: 4 } }),
      node('small', { resources: { cpus: 0.5 } }),
      service('agent', { mode: 'global', resources: { reservations: { cpus: 1 } } }),
    ])
    const { store } = await reconcileDir(dir)
    expect(where(store)).toEqual(['agent.big@big'])
    expect(ready(store, 'Service', 'agent')?.message).toContain('small: insufficient resources')
  })

  test('fits no node: not ready', async () => {
    const dir = make([
      node('node1'),
      service('agent', { mode: 'global', placement: { constraints: ['node.role==manager'] } }),
    ])
    const { store } = await reconcileDir(dir)
    expect(ready(store, 'Service', 'agent')).toMatchObject({ status: 'False', reason: 'Unschedulable' })
    expect(statusOf(store, 'Service', 'agent')?.replicas).toEqual({ desired: 0, running: 0 })
  })

  test('idempotent', async () => {
    await expectIdempotent(make(base))
  })

  // Swarm gives every new task a fresh id; a global task shut down on a node and
  // created there again is a new task, and the old one stays as history.
  test('a task re-created on a node after a drain gets a fresh id; the old one is history', async () => {
    const dir = make(base)
    const first = await converge(dir)
    const before = statusOf(first.store, 'Service', 'agent')?.tasks?.find((t) => t.node === 'node3')
    setSpec(dir, 'Node', 'node3', {
      availability: 'drain',
      platform: { os: 'linux', architecture: 'aarch64' },
    })
    const drained = await converge(dir)
    const history = statusOf(drained.store, 'Service', 'agent')?.tasks?.filter(
      (t) => t.desiredState === 'shutdown',
    )
    expect(history).toEqual([
      expect.objectContaining({ id: before?.id, node: 'node3', message: 'node node3 was drained' }),
    ])
    setSpec(dir, 'Node', 'node3', {
      availability: 'active',
      platform: { os: 'linux', architecture: 'aarch64' },
    })
    const back = await converge(dir)
    const again = statusOf(back.store, 'Service', 'agent')?.tasks?.find(
      (t) => t.node === 'node3' && t.desiredState === 'running',
    )
    expect(again?.id).toMatch(/^[0-9a-z]{25}$/)
    expect(again?.id).not.toBe(before?.id)
    await expectIdempotent(dir)
  })
})
