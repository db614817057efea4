import { describe, expect, test } from 'vitest'
import {
  cleanupAfterEach,
  cluster,
  converge,
  editSpec,
  expectIdempotent,
  node,
  plugin,
  ready,
  reconcileDir,
  sampleVolumePlugin,
  service,
  statusOf,
  weave2,
} from '../support/cluster.js'

const track = cleanupAfterEach()
function make(docs: Parameters<typeof cluster>[0]) {
  return track(cluster(docs))
}

describe('Node status', () => {
  test('advertises its enabled plugins, sorted by type then name', async () => {
    const dir = make([
      node('node1', { role: 'manager' }),
      node('node2'),
      sampleVolumePlugin(),
      weave2(['node2']),
      plugin('loki', { remote: 'grafana/loki-docker-driver', grantAllPermissions: true }),
      plugin('sshfs', { remote: 'vieux/sshfs', grantAllPermissions: true, nodes: ['node2'] }),
      // Disabled and ungranted plugins are not advertised.
      plugin('off', { remote: 'rexray/s3fs', grantAllPermissions: true, enabled: false }),
      plugin('ungranted', { remote: 'weaveworks/net-plugin' }),
    ])
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Node', 'node1')?.plugins).toEqual([
      { type: 'Log', name: 'grafana/loki-docker-driver:latest' },
      { type: 'Volume', name: 'tiborvass/sample-volume-plugin:latest' },
    ])
    expect(statusOf(store, 'Node', 'node2')?.plugins).toEqual([
      { type: 'Log', name: 'grafana/loki-docker-driver:latest' },
      { type: 'Network', name: 'bboreham/weave2:latest' },
      { type: 'Volume', name: 'tiborvass/sample-volume-plugin:latest' },
      { type: 'Volume', name: 'vieux/sshfs:latest' },
    ])
  })

  test('counts the tasks assigned to it with desired state running', async () => {
    const dir = make([
      node('node1'),
      node('node2'),
      node('node3', { availability: 'drain' }),
      service('web', { replicas: 5 }),
      service('agent', { mode: 'global' }),
    ])
    const { store } = await reconcileDir(dir)
    // web: 3 + 2 (node1 first by name); agent: one on each active node.
    expect(statusOf(store, 'Node', 'node1')?.tasks).toBe(4)
    expect(statusOf(store, 'Node', 'node2')?.tasks).toBe(3)
    expect(statusOf(store, 'Node', 'node3')?.tasks).toBe(0)
  })

  test.each([
    ['active', 'Active', 'takes new tasks'],
    ['pause', 'Paused', 'keeps its tasks but takes no new ones'],
    ['drain', 'Drained', 'runs no tasks'],
  ] as const)('availability %s', async (availability, reason, note) => {
    const { store } = await reconcileDir(make([node('n', { availability })]))
    expect(statusOf(store, 'Node', 'n')?.state).toBe('ready')
    expect(ready(store, 'Node', 'n')).toMatchObject({ status: 'True', reason })
    expect(ready(store, 'Node', 'n')?.message).toContain(note)
  })

  test('the count follows the tasks when a node is drained', async () => {
    const dir = make([node('node1'), node('node2'), service('web', { replicas: 4 })])
    await converge(dir)
    editSpec(dir, 'Node', 'node2', (s) => {
      s.availability = 'drain'
    })
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Node', 'node1')?.tasks).toBe(4)
    expect(statusOf(store, 'Node', 'node2')?.tasks).toBe(0)
  })

  test('idempotent', async () => {
    await expectIdempotent(make([node('node1'), node('node2'), weave2(), service('web', { replicas: 3 })]))
  })
})
