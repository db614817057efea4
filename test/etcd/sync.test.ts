import { describe, expect, test } from 'vitest'
import { reconcileThrough } from '../../src/etcd/reconcile-through.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import { createMemoryObjects } from '../../src/store/memory-objects.js'
import { createValidator } from '../../src/validate/validator.js'
import {
  cleanupAfterEach,
  cluster,
  fixedClock,
  node,
  removeDoc,
  service,
  setSpec,
} from '../support/cluster.js'

const track = cleanupAfterEach()
const validator = createValidator()
const registry = loadRegistry()

describe("the leader's sync of the directory into the store", () => {
  test('what the directory defines goes in; what it no longer defines goes; status and generation stay the store’s', async () => {
    const dir = track(cluster([node('node1'), node('node2'), service('web', { replicas: 2 })]))
    const objects = createMemoryObjects()
    const run = () => reconcileThrough(objects, { dir, validator, registry, clock: fixedClock })
    await run()
    const keys = async () => (await objects.list()).objects.map((o) => o.key).sort()
    expect(await keys()).toEqual(['Node/node1', 'Node/node2', 'Service/web'])
    const placed = (await objects.get('Service/web'))?.resource
    expect(placed?.status).toMatchObject({ replicas: { desired: 2, running: 2 } })

    // The files never got the status (nothing wrote them): the store's status is kept, not the file's.
    setSpec(dir, 'Service', 'web', { replicas: 3 })
    await run()
    const grown = (await objects.get('Service/web'))?.resource
    expect(grown?.generation).toBe((placed?.generation ?? 0) + 1)
    const ids = (r: typeof grown) =>
      ((r?.status as { tasks?: { id: string; desiredState: string }[] })?.tasks ?? [])
        .filter((t) => t.desiredState === 'running')
        .map((t) => t.id)
    expect(ids(grown)).toHaveLength(3)
    expect(ids(grown)).toEqual(expect.arrayContaining(ids(placed)))

    removeDoc(dir, 'Node', 'node2')
    await run()
    expect(await keys()).toEqual(['Node/node1', 'Service/web'])
  })

  test('an invalid directory changes nothing in the store', async () => {
    const dir = track(cluster([node('node1')]))
    const objects = createMemoryObjects()
    await reconcileThrough(objects, { dir, validator, registry, clock: fixedClock })
    const before = await objects.list()
    setSpec(dir, 'Node', 'node1', { availability: 'sideways' } as never)
    const result = await reconcileThrough(objects, { dir, validator, registry, clock: fixedClock })
    expect(result.report).toBeUndefined()
    expect(result.tree.diagnostics[0]?.file).toBe('node-node1.yaml')
    expect(await objects.list()).toEqual(before)
  })
})
