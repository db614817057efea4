import { describe, expect, test } from 'vitest'
import type { WrittenVolumeSpec } from '../../src/model/spec.js'
import type { Doc } from '../support/cluster.js'
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
  statusOf,
  volume,
} from '../support/cluster.js'

const track = cleanupAfterEach()
const nodes = [node('node1', { role: 'manager' }), node('node2'), node('node3')]
function make(docs: Doc[]) {
  return track(cluster([...nodes, ...docs]))
}
/** A volume driver of global scope (a shared-storage plugin), given inline. */
const globalDriver = (nodes?: string[]) =>
  plugin('shared', {
    remote: 'example/shared-storage',
    config: { interface: { types: ['docker.volumedriver/1.0'] }, scope: 'global' },
    ...(nodes ? { nodes } : {}),
  })

describe('where a volume exists', () => {
  test.each<[string, Doc[], WrittenVolumeSpec, 'local' | 'global', string[], string]>([
    ['local driver: every node', [], {}, 'local', ['node1', 'node2', 'node3'], 'Available'],
    [
      'local driver, listed nodes',
      [],
      { nodes: ['node3', 'node1'] },
      'local',
      ['node1', 'node3'],
      'Available',
    ],
    [
      'plugin driver, local scope: only the listed nodes',
      [sampleVolumePlugin()],
      { driver: 'tiborvass/sample-volume-plugin', nodes: ['node2'] },
      'local',
      ['node2'],
      'Available',
    ],
    [
      'plugin driver, no nodes listed: every node with the driver',
      [sampleVolumePlugin(['node2', 'node3'])],
      { driver: 'tiborvass/sample-volume-plugin' },
      'local',
      ['node2', 'node3'],
      'Available',
    ],
    [
      // `x` and `x:latest` name the same driver.
      'driver given with its tag',
      [sampleVolumePlugin(['node2'])],
      { driver: 'tiborvass/sample-volume-plugin:latest' },
      'local',
      ['node2'],
      'Available',
    ],
    [
      'listed node without the driver',
      [sampleVolumePlugin(['node2'])],
      { driver: 'tiborvass/sample-volume-plugin', nodes: ['node1', 'node2'] },
      'local',
      ['node2'],
      'DriverNotAvailable',
    ],
    [
      'global scope: reachable wherever the driver is',
      [globalDriver(['node1', 'node3'])],
      { driver: 'example/shared-storage' },
      'global',
      ['node1', 'node3'],
      'Available',
    ],
    [
      'global scope ignores nodes',
      [globalDriver()],
      { driver: 'example/shared-storage', nodes: ['node1'] },
      'global',
      ['node1', 'node2', 'node3'],
      'Available',
    ],
    ['driver not installed', [], { driver: 'tiborvass/sample-volume-plugin' }, 'local', [], 'DriverNotFound'],
    [
      'other tag than installed',
      [sampleVolumePlugin()],
      { driver: 'tiborvass/sample-volume-plugin:1.0' },
      'local',
      [],
      'DriverNotFound',
    ],
    [
      'driver disabled',
      [sampleVolumePlugin(undefined, { enabled: false })],
      { driver: 'tiborvass/sample-volume-plugin' },
      'local',
      [],
      'DriverNotFound',
    ],
  ])('%s', async (_name, docs, spec, scope, expected, reason) => {
    const { store } = await reconcileDir(make([...docs, volume('v', spec)]))
    expect(statusOf(store, 'Volume', 'v')).toMatchObject({ scope, nodes: expected })
    expect(ready(store, 'Volume', 'v')?.reason).toBe(reason)
  })

  test('DriverNotFound says whether the driver is declared at all', async () => {
    const absent = await reconcileDir(make([volume('v', { driver: 'vieux/sshfs' })]))
    expect(ready(absent.store, 'Volume', 'v')?.message).toBe(
      'volume v: volume driver vieux/sshfs:latest is not installed on any node',
    )
    const disabled = await reconcileDir(
      make([
        sampleVolumePlugin(undefined, { enabled: false }),
        volume('v', { driver: 'tiborvass/sample-volume-plugin' }),
      ]),
    )
    expect(ready(disabled.store, 'Volume', 'v')?.message).toContain('is not enabled on any node')
  })

  test.each([
    [['node1', 'node2', 'node3'], 'volume v exists on node1, node2, node3'],
    [
      ['node1', 'node2', 'node3', 'node4', 'node5', 'node6'],
      'volume v exists on node1, node2, node3 and 3 more',
    ],
  ])('the message names a few nodes; status.nodes holds them all (%j)', async (names, message) => {
    const dir = track(cluster([...names.map((n) => node(n)), volume('v')]))
    const { store } = await reconcileDir(dir)
    expect(ready(store, 'Volume', 'v')?.message).toBe(message)
    expect(statusOf(store, 'Volume', 'v')?.nodes).toEqual(names)
  })

  test('nodes missing or without the driver are summarised the same way', async () => {
    const listed = ['node1', 'node2', 'node3', 'gone1', 'gone2', 'gone3', 'gone4']
    const { store } = await reconcileDir(make([volume('v', { nodes: listed })]))
    expect(ready(store, 'Volume', 'v')).toMatchObject({
      reason: 'NodeNotFound',
      message: 'volume v: nodes gone1, gone2, gone3 and 1 more not found; exists on 3 nodes',
    })
  })

  test('a network driver of the same name does not drive a volume', async () => {
    const { store } = await reconcileDir(
      make([
        plugin('w', { remote: 'bboreham/weave2', grantAllPermissions: true }),
        volume('v', { driver: 'bboreham/weave2' }),
      ]),
    )
    expect(ready(store, 'Volume', 'v')?.reason).toBe('DriverNotFound')
  })

  test('the volume follows its driver: installed later, removed later', async () => {
    const dir = make([sampleVolumePlugin([]), volume('v', { driver: 'tiborvass/sample-volume-plugin' })])
    await converge(dir)
    editSpec(dir, 'Plugin', 'sample-volume-plugin', (s) => {
      s.nodes = ['node1', 'node2']
    })
    await converge(dir)
    editSpec(dir, 'Plugin', 'sample-volume-plugin', (s) => {
      s.nodes = ['node1']
    })
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Volume', 'v')?.nodes).toEqual(['node1'])
  })

  test('idempotent', async () => {
    await expectIdempotent(
      make([
        sampleVolumePlugin(['node2']),
        globalDriver(),
        volume('a', { driver: 'tiborvass/sample-volume-plugin', nodes: ['node2'] }),
        volume('b', { driver: 'example/shared-storage' }),
        volume('c'),
        volume('d', { driver: 'vieux/sshfs' }),
      ]),
    )
  })
})
