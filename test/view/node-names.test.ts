import { describe, expect, test } from 'vitest'
import { createEngine } from '../../src/engine/engine.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import { driverKey } from '../../src/view/plugin-index.js'
import { fixedClock } from '../support/cluster.js'
import { resourceOf } from '../support/resources.js'

const SAMPLE = driverKey('Volume', 'tiborvass/sample-volume-plugin')
const samplePlugin = (nodes: string[]) =>
  resourceOf('Plugin', 'sample', `{remote: tiborvass/sample-volume-plugin, nodes: [${nodes.join(', ')}]}`)

/** One engine kept across changes, as the daemon keeps it: its view's caches live on. */
async function running(nodes: string[], pluginNodes: string[]) {
  const engine = createEngine({ registry: loadRegistry(), clock: fixedClock })
  const { store, view, manager } = engine
  for (const n of nodes) store.put(resourceOf('Node', n, '{}'))
  store.put(samplePlugin(pluginNodes))
  store.put(resourceOf('Volume', 'local', '{}'))
  store.put(resourceOf('Volume', 'sample', '{driver: tiborvass/sample-volume-plugin}'))
  const settle = async () => {
    const pass = await manager.runToFixedPoint()
    expect(pass.failed.size).toBe(0)
  }
  manager.enqueueAll()
  await settle()
  const volumeNodes = (name: string) => store.get('Volume', name)?.status?.nodes
  return { store, view, settle, volumeNodes }
}

describe('node names in the view', () => {
  test('every node in name order, and per driver the nodes it is enabled on', async () => {
    const { view } = await running(['n3', 'n1', 'n2'], ['n3', 'n1'])
    const names = view.nodeNames()
    expect(names.all).toEqual(['n1', 'n2', 'n3'])
    expect([...names.has].sort()).toEqual(['n1', 'n2', 'n3'])
    expect(names.withDriver(SAMPLE)).toEqual(['n1', 'n3'])
    expect(names.withDriver(SAMPLE)).toBe(names.withDriver(SAMPLE)) // worked out once
    expect(names.withDriver(driverKey('Volume', 'vieux/sshfs'))).toEqual([])
  })

  test('a node status change keeps the names; a node coming or going does not', async () => {
    const { store, view } = await running(['n1', 'n2'], ['n1', 'n2'])
    const before = view.nodeNames()
    store.setStatus('Node', 'n1', { observedGeneration: 7 })
    expect(view.nodeNames()).toBe(before)
    store.put(resourceOf('Node', 'n0', '{}'))
    expect(view.nodeNames().all).toEqual(['n0', 'n1', 'n2'])
    expect(view.nodeNames().has.has('n0')).toBe(true)
    store.remove('Node', 'n2')
    expect(view.nodeNames().all).toEqual(['n0', 'n1'])
    expect(view.nodeNames().has.has('n2')).toBe(false)
    expect(view.nodeNames().withDriver(SAMPLE)).toEqual(['n1'])
  })

  test('volumes follow nodes and plugins in a long-running engine', async () => {
    const { store, settle, volumeNodes } = await running(['n1', 'n2'], ['n1'])
    expect(volumeNodes('local')).toEqual(['n1', 'n2'])
    expect(volumeNodes('sample')).toEqual(['n1'])

    store.put(resourceOf('Node', 'n3', '{}'))
    await settle()
    expect(volumeNodes('local')).toEqual(['n1', 'n2', 'n3'])

    store.put(samplePlugin(['n1', 'n3']))
    await settle()
    expect(volumeNodes('sample')).toEqual(['n1', 'n3'])

    store.remove('Node', 'n1')
    await settle()
    expect(volumeNodes('local')).toEqual(['n2', 'n3'])
    expect(volumeNodes('sample')).toEqual(['n3'])
  })
})
