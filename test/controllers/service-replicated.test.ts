import { cpSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import type { TaskStatus } from '../../src/model/status.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  editSpec,
  expectIdempotent,
  network,
  node,
  plugin,
  ready,
  reconcileDir,
  service,
  statusOf,
  tasksPerNode,
  tempDir,
  volume,
  weave2,
  writeDocs,
} from '../support/cluster.js'

const track = cleanupAfterEach()
function make(docs: Doc[]) {
  return track(cluster(docs))
}
function demo() {
  const dir = tempDir()
  track(dir)
  cpSync(new URL('../../manifests/', import.meta.url), dir, { recursive: true })
  return dir
}
const tasks = (store: Awaited<ReturnType<typeof reconcileDir>>['store'], svc: string) =>
  statusOf(store, 'Service', svc)?.tasks ?? []
const live = (ts: readonly TaskStatus[]) => ts.filter((t) => t.desiredState === 'running')
const scale = (dir: string, svc: string, replicas: number) =>
  editSpec(dir, 'Service', svc, (s) => {
    s.replicas = replicas
  })

describe('the reference page', () => {
  test('volume plugin on node2 pulls my-service there; 8 replicas spread 4/4', async () => {
    const { store } = await reconcileDir(demo())
    expect(tasksPerNode(store, 'my-service')).toEqual({ node2: 1 })
    expect(tasksPerNode(store, 'myservice')).toEqual({ node1: 4, node2: 4 })
    expect(statusOf(store, 'Service', 'myservice')?.replicas).toEqual({ desired: 8, running: 8 })
    for (const t of tasks(store, 'myservice')) expect(t.id).toMatch(/^[0-9a-z]{25}$/)
  })

  test('scale to 0, remove the plugin from node2, scale to 8: all 8 on node1', async () => {
    const dir = demo()
    await converge(dir)
    scale(dir, 'myservice', 0)
    await converge(dir)
    editSpec(dir, 'Plugin', 'weave2', (s) => {
      s.nodes = ['node1']
    })
    await converge(dir)
    scale(dir, 'myservice', 8)
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'myservice')).toEqual({ node1: 8 })
  })

  test('idempotent', async () => {
    await expectIdempotent(demo())
  })
})

describe('slots and scaling', () => {
  const two = [node('node1'), node('node2')]

  test('slots are the lowest free numbers; kept tasks keep their ids', async () => {
    const dir = make([...two, service('web', { replicas: 5 })])
    const first = await converge(dir)
    const before = tasks(first.store, 'web')
    expect(before.map((t) => [t.slot, t.name])).toEqual([
      [1, 'web.1'],
      [2, 'web.2'],
      [3, 'web.3'],
      [4, 'web.4'],
      [5, 'web.5'],
    ])
    scale(dir, 'web', 2)
    await converge(dir)
    scale(dir, 'web', 4)
    const { store } = await reconcileDir(dir)
    const after = tasks(store, 'web')
    expect(after.map((t) => t.slot)).toEqual([1, 2, 3, 4])
    expect(after.slice(0, 2).map((t) => t.id)).toEqual(before.slice(0, 2).map((t) => t.id))
  })

  test('no rebalancing when a node is added; scale-down takes from the node with most copies, higher slots first', async () => {
    const dir = make([
      node('node1'),
      node('node2', { availability: 'drain' }),
      service('web', { replicas: 4 }),
    ])
    await converge(dir)
    editSpec(dir, 'Node', 'node2', (s) => {
      s.availability = 'active'
    })
    writeDocs(dir, [node('node3')])
    const added = await converge(dir)
    expect(tasksPerNode(added.store, 'web')).toEqual({ node1: 4 })
    scale(dir, 'web', 6)
    const grown = await converge(dir)
    expect(tasksPerNode(grown.store, 'web')).toEqual({ node1: 4, node2: 1, node3: 1 })
    scale(dir, 'web', 3)
    const { store } = await reconcileDir(dir)
    // node1 holds 4 of 6: it loses slots 4, 3, then 2 (still the most copies), leaving one per node.
    expect(live(tasks(store, 'web')).map((t) => `${t.slot}@${t.node}`)).toEqual([
      '1@node1',
      '5@node2',
      '6@node3',
    ])
  })

  test('scale-down drops waiting tasks before running ones', async () => {
    const dir = make([...two, service('web', { replicas: 5, placement: { maxReplicasPerNode: 1 } })])
    const first = await converge(dir)
    const running = live(tasks(first.store, 'web')).filter((t) => t.state === 'running')
    expect(running.map((t) => t.slot)).toEqual([1, 2])
    expect(tasks(first.store, 'web').filter((t) => t.state === 'pending')).toHaveLength(3)
    scale(dir, 'web', 2)
    const { store } = await reconcileDir(dir)
    expect(tasks(store, 'web')).toEqual(running)
  })

  test('scale to 0 removes every task', async () => {
    const dir = make([...two, service('web', { replicas: 3 })])
    await converge(dir)
    scale(dir, 'web', 0)
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Service', 'web')).toMatchObject({
      replicas: { desired: 0, running: 0 },
      tasks: [],
    })
  })
})

describe('tasks that fit nowhere', () => {
  const base = [
    node('node1', { role: 'manager' }),
    node('node2'),
    weave2(['node1']),
    network('globalnet', { driver: 'bboreham/weave2' }),
  ]

  test("pending with Swarm's message; Ready names each node and what it lacks", async () => {
    const dir = make([
      ...base,
      service('web', {
        replicas: 2,
        networks: ['globalnet'],
        placement: { constraints: ['node.role==worker'] },
      }),
    ])
    const { store } = await reconcileDir(dir)
    const pending = tasks(store, 'web')
    expect(pending.map((t) => [t.state, t.node])).toEqual([
      ['pending', undefined],
      ['pending', undefined],
    ])
    expect(pending[0]?.message).toBe(
      'no suitable node (missing plugin on 1 node; scheduling constraints not satisfied on 1 node)',
    )
    const cond = ready(store, 'Service', 'web')
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' })
    expect(cond?.message).toContain('node2: missing network plugin bboreham/weave2:latest')
    expect(cond?.message).toContain('node1: constraint node.role==worker not satisfied')
  })

  test('the pending tasks start once the plugin arrives, keeping their ids', async () => {
    const dir = make([
      ...base,
      service('web', {
        replicas: 2,
        networks: ['globalnet'],
        placement: { constraints: ['node.role==worker'] },
      }),
    ])
    const first = await converge(dir)
    editSpec(dir, 'Plugin', 'weave2', (s) => {
      s.nodes = ['node1', 'node2']
    })
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'web')).toEqual({ node2: 2 })
    expect(tasks(store, 'web').map((t) => t.id)).toEqual(tasks(first.store, 'web').map((t) => t.id))
    expect(ready(store, 'Service', 'web')?.status).toBe('True')
  })

  test.each([
    ['network', { networks: ['nope'] }, 'NetworkNotFound', 'network nope not found'],
    [
      'volume',
      { mounts: [{ type: 'volume' as const, source: 'nope', target: '/data' }] },
      'VolumeNotFound',
      'volume nope not found',
    ],
  ])('a missing %s is waited for, not an input error', async (_kind, spec, reason, message) => {
    const dir = make([...base, service('web', { replicas: 2, ...spec })])
    const result = await reconcileDir(dir)
    expect(result.tree.diagnostics).toEqual([])
    expect(ready(result.store, 'Service', 'web')).toMatchObject({ status: 'False', reason })
    expect(ready(result.store, 'Service', 'web')?.message).toContain(message)
    expect(tasks(result.store, 'web').map((t) => [t.state, t.message])).toEqual([
      ['pending', message],
      ['pending', message],
    ])
    await converge(dir)
    writeDocs(dir, [network('nope'), volume('nope')])
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Service', 'web')?.replicas).toEqual({ desired: 2, running: 2 })
  })

  test('a log driver plugin pulls the tasks to the nodes that have it', async () => {
    const loki = plugin('loki', {
      remote: 'grafana/loki-docker-driver',
      nodes: ['node2'],
      grantAllPermissions: true,
    })
    const dir = make([
      node('node1'),
      node('node2'),
      loki,
      service('web', { replicas: 3, logDriver: { name: 'grafana/loki-docker-driver' } }),
    ])
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'web')).toEqual({ node2: 3 })
  })

  test('a network whose driver is not on a manager blocks the service', async () => {
    const dir = make([
      node('node1', { role: 'manager' }),
      node('node2'),
      weave2(['node2']),
      network('g', { driver: 'bboreham/weave2' }),
      service('web', { networks: ['g'] }),
    ])
    const { store } = await reconcileDir(dir)
    expect(ready(store, 'Service', 'web')?.reason).toBe('NetworkNotReady')
    expect(statusOf(store, 'Service', 'web')?.replicas).toEqual({ desired: 1, running: 0 })
  })

  test('idempotent with pending tasks', async () => {
    await expectIdempotent(
      make([
        ...base,
        service('web', { replicas: 3, networks: ['globalnet'], placement: { maxReplicasPerNode: 1 } }),
        service('lost', { networks: ['nope'] }),
      ]),
    )
  })
})
