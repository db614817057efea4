import { describe, expect, test } from 'vitest'
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
  statusOf,
  weave2,
  writeDocs,
} from '../support/cluster.js'

const track = cleanupAfterEach()
const nodes = [node('node1', { role: 'manager' }), node('node2'), node('node3')]
function make(docs: Doc[]) {
  return track(cluster([...nodes, ...docs]))
}

describe('Network', () => {
  test('id: 25 lowercase base36 characters, stable across runs and directories', async () => {
    const a = await reconcileDir(make([network('globalnet'), network('other')]))
    const b = await reconcileDir(make([network('globalnet')]))
    const id = statusOf(a.store, 'Network', 'globalnet')?.id
    expect(id).toMatch(/^[0-9a-z]{25}$/)
    expect(statusOf(b.store, 'Network', 'globalnet')?.id).toBe(id)
    expect(statusOf(a.store, 'Network', 'other')?.id).not.toBe(id)
  })

  test.each<[string, Doc[], string | undefined, string, string[], string]>([
    ['overlay by default, on every node', [], undefined, 'swarm', ['node1', 'node2', 'node3'], 'Created'],
    ['bridge is built in and local', [], 'bridge', 'local', ['node1', 'node2', 'node3'], 'Created'],
    [
      'plugin driver on a manager',
      [weave2(['node1', 'node2'])],
      'bboreham/weave2',
      'swarm',
      ['node1', 'node2'],
      'Created',
    ],
    [
      'driver named with its tag',
      [weave2(['node1'])],
      'bboreham/weave2:latest',
      'swarm',
      ['node1'],
      'Created',
    ],
    // As in Swarm: a plugin-driven network needs the driver on a manager.
    [
      'plugin driver only on workers',
      [weave2(['node2', 'node3'])],
      'bboreham/weave2',
      'swarm',
      [],
      'DriverNotFound',
    ],
    [
      'plugin driver disabled',
      [weave2(undefined, { enabled: false })],
      'bboreham/weave2',
      'swarm',
      [],
      'DriverNotFound',
    ],
    [
      'plugin not granted',
      [plugin('weave2', { remote: 'bboreham/weave2' })],
      'bboreham/weave2',
      'swarm',
      [],
      'DriverNotFound',
    ],
    ['no such plugin', [], 'bboreham/weave2', 'swarm', [], 'DriverNotFound'],
  ])('%s', async (_name, docs, driver, scope, where, reason) => {
    const { store } = await reconcileDir(make([...docs, network('n', driver ? { driver } : {})]))
    expect(statusOf(store, 'Network', 'n')).toMatchObject({ scope, nodes: where })
    expect(ready(store, 'Network', 'n')?.reason).toBe(reason)
  })

  test("Swarm's words when the driver is missing", async () => {
    const { store } = await reconcileDir(
      make([weave2(['node2']), network('n', { driver: 'bboreham/weave2' })]),
    )
    expect(ready(store, 'Network', 'n')).toMatchObject({ status: 'False' })
    expect(ready(store, 'Network', 'n')?.message).toContain('network driver bboreham/weave2:latest not found')
  })

  test('promoting a node with the driver to manager creates the network', async () => {
    const dir = make([weave2(['node2']), network('n', { driver: 'bboreham/weave2' })])
    await converge(dir)
    editSpec(dir, 'Node', 'node2', (s) => {
      s.role = 'manager'
    })
    const { store } = await reconcileDir(dir)
    expect(ready(store, 'Network', 'n')?.status).toBe('True')
  })

  const subnet = (s: string) => ({ ipam: { config: [{ subnet: s }] } })
  test('overlapping subnets: the later one (by name) is in error', async () => {
    const { store } = await reconcileDir(
      make([
        network('a', subnet('10.0.0.0/16')),
        network('b', subnet('10.0.9.0/24')),
        network('c', subnet('10.1.0.0/24')),
      ]),
    )
    expect(ready(store, 'Network', 'a')?.status).toBe('True')
    expect(ready(store, 'Network', 'c')?.status).toBe('True')
    expect(ready(store, 'Network', 'b')).toMatchObject({ status: 'False', reason: 'SubnetOverlap' })
    expect(ready(store, 'Network', 'b')?.message).toContain('overlaps 10.0.0.0/16 of network a')
  })

  test('a network that already holds its subnet keeps it against a newcomer', async () => {
    const dir = make([network('z', subnet('10.0.9.0/24'))])
    await converge(dir)
    writeDocs(dir, [network('a', subnet('10.0.0.0/16'))])
    const { store } = await reconcileDir(dir)
    expect(ready(store, 'Network', 'z')?.status).toBe('True')
    expect(ready(store, 'Network', 'a')).toMatchObject({ status: 'False', reason: 'SubnetOverlap' })
  })

  test('idempotent', async () => {
    await expectIdempotent(
      make([
        weave2(['node1', 'node2']),
        network('globalnet', { driver: 'bboreham/weave2' }),
        network('a', subnet('10.0.0.0/16')),
        network('b', subnet('10.0.9.0/24')),
        network('orphan', { driver: 'vieux/nothing' }),
      ]),
    )
  })
})
