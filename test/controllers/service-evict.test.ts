import { describe, expect, test } from 'vitest'
import type { TaskStatus } from '../../src/model/status.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  editDoc,
  editSpec,
  expectIdempotent,
  network,
  node,
  plugin,
  ready,
  reconcileDir,
  removeDoc,
  service,
  setSpec,
  statusOf,
  tasksPerNode,
  volume,
  writeDocs,
} from '../support/cluster.js'

const track = cleanupAfterEach()

/**
 * Two nodes, each with its own install of the weave2 network driver, a
 * volume plugin everywhere and a local volume on both: `web` (2 replicas,
 * 1 CPU each) runs one task on each node.
 */
const weaveOn = (name: string, n: string) =>
  plugin(name, { remote: 'bboreham/weave2', nodes: [n], grantAllPermissions: true })
const base: Doc[] = [
  node('node1', { role: 'manager', resources: { cpus: 4 } }, { zone: 'a' }),
  node('node2', { resources: { cpus: 4 } }, { zone: 'b' }),
  weaveOn('weave-1', 'node1'),
  weaveOn('weave-2', 'node2'),
  plugin('sample', { remote: 'tiborvass/sample-volume-plugin' }),
  network('globalnet', { driver: 'bboreham/weave2' }),
  volume('data', { driver: 'tiborvass/sample-volume-plugin', nodes: ['node1', 'node2'] }),
  service('web', {
    replicas: 2,
    networks: ['globalnet'],
    mounts: [{ type: 'volume', source: 'data', target: '/data' }],
    placement: { constraints: ['node.labels.zone!=c'] },
    resources: { reservations: { cpus: 1 } },
  }),
]

async function started() {
  const dir = cluster(base)
  track(dir)
  const { store } = await converge(dir)
  expect(tasksPerNode(store, 'web')).toEqual({ node1: 1, node2: 1 })
  const onNode2 = (statusOf(store, 'Service', 'web')?.tasks ?? []).find(
    (t) => t.node === 'node2',
  ) as TaskStatus
  return { dir, onNode2 }
}

describe('desired state wins: a task whose node stops fitting is replaced in its slot', () => {
  test.each<[string, (dir: string) => void, string]>([
    [
      'plugin removed from node2',
      (dir) => removeDoc(dir, 'Plugin', 'weave-2'),
      'missing network plugin bboreham/weave2:latest on node2',
    ],
    [
      'plugin uninstalled by editing its nodes',
      (dir) => setSpec(dir, 'Plugin', 'weave-2', { nodes: [] }),
      'missing network plugin',
    ],
    [
      'plugin disabled',
      (dir) => setSpec(dir, 'Plugin', 'weave-2', { enabled: false }),
      'missing network plugin',
    ],
    [
      'local volume gone',
      (dir) => setSpec(dir, 'Volume', 'data', { nodes: ['node1'] }),
      'volume data not available on node2',
    ],
    [
      'constraint no longer true',
      (dir) =>
        editDoc(dir, 'Node', 'node2', (d) => {
          d.metadata.labels = { zone: 'c' }
          return undefined
        }),
      'constraint node.labels.zone!=c not satisfied on node2',
    ],
    [
      'node drained',
      (dir) => setSpec(dir, 'Node', 'node2', { availability: 'drain' }),
      'node node2 was drained',
    ],
    ['node deleted', (dir) => removeDoc(dir, 'Node', 'node2'), 'node node2 was removed'],
    [
      'resources shrunk',
      (dir) => setSpec(dir, 'Node', 'node2', { resources: { cpus: 0.5 } }),
      'insufficient resources on node2',
    ],
  ])('%s', async (_name, change, reason) => {
    const { dir, onNode2 } = await started()
    change(dir)
    const { store } = await reconcileDir(dir)
    const slot = (statusOf(store, 'Service', 'web')?.tasks ?? []).filter((t) => t.slot === onNode2.slot)
    const old = slot.find((t) => t.id === onNode2.id)
    const replacement = slot.find((t) => t.desiredState === 'running')
    expect(old).toMatchObject({ state: 'shutdown', desiredState: 'shutdown', node: 'node2' })
    expect(old?.message).toContain(reason)
    // A fresh id, the same slot and name, now on node1 (which has room for both).
    expect(replacement).toMatchObject({ name: onNode2.name, state: 'running', node: 'node1' })
    expect(replacement?.id).toMatch(/^[0-9a-z]{25}$/)
    expect(replacement?.id).not.toBe(onNode2.id)
    expect(tasksPerNode(store, 'web')).toEqual({ node1: 2 })
    expect(statusOf(store, 'Node', 'node1')?.tasks).toBe(2)
    await expectIdempotent(dir)
  })

  test('a replacement that fits nowhere waits, with a fresh id', async () => {
    const { dir, onNode2 } = await started()
    editSpec(dir, 'Service', 'web', (s) => {
      s.placement = { constraints: ['node.labels.zone!=c'], maxReplicasPerNode: 1 }
    })
    editSpec(dir, 'Node', 'node2', (s) => {
      s.availability = 'drain'
    })
    const { store } = await reconcileDir(dir)
    const replacement = statusOf(store, 'Service', 'web')?.tasks?.find(
      (t) => t.slot === onNode2.slot && t.desiredState === 'running',
    )
    expect(replacement).toMatchObject({ state: 'pending' })
    expect(replacement?.id).not.toBe(onNode2.id)
    expect(replacement?.message).toBe(
      'no suitable node (1 node not available for new tasks; max replicas per node limit exceed)',
    )
  })

  test('resources shrunk on a shared node: the same tasks go whichever service reconciles first', async () => {
    const dir = cluster([
      node('node1', { resources: { cpus: 4 } }),
      service('a', { replicas: 2, resources: { reservations: { cpus: 1 } } }),
      service('b', { replicas: 2, resources: { reservations: { cpus: 1 } } }),
    ])
    track(dir)
    await converge(dir)
    setSpec(dir, 'Node', 'node1', { resources: { cpus: 3 } })
    const { store } = await reconcileDir(dir)
    // Fixed order — service name, then slot: a.1, a.2, b.1 stay; b.2 goes.
    expect(tasksPerNode(store, 'a')).toEqual({ node1: 2 })
    expect(tasksPerNode(store, 'b')).toEqual({ node1: 1 })
    expect(statusOf(store, 'Node', 'node1')?.tasks).toBe(3)
  })
})

describe('pause', () => {
  test('keeps running tasks but takes no new ones', async () => {
    const { dir, onNode2 } = await started()
    setSpec(dir, 'Node', 'node2', { availability: 'pause' })
    const paused = await converge(dir)
    expect(statusOf(paused.store, 'Service', 'web')?.tasks?.find((t) => t.node === 'node2')).toEqual(onNode2)
    setSpec(dir, 'Service', 'web', { replicas: 4 })
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'web')).toEqual({ node1: 3, node2: 1 })
  })

  test('a new service on a paused node waits', async () => {
    const { dir } = await started()
    setSpec(dir, 'Node', 'node1', { availability: 'pause' })
    setSpec(dir, 'Node', 'node2', { availability: 'pause' })
    writeDocs(dir, [service('late')])
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'web')).toEqual({ node1: 1, node2: 1 })
    expect(statusOf(store, 'Service', 'late')?.tasks?.[0]?.message).toBe(
      'no suitable node (2 nodes not available for new tasks)',
    )
    expect(ready(store, 'Service', 'late')?.message).toContain('node1, node2: paused')
  })
})
