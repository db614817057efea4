import { describe, expect, test } from 'vitest'
import type { Resource } from '../../src/model/resource.js'
import type { WrittenServiceSpec } from '../../src/model/spec.js'
import { withSpecDefaults } from '../../src/model/spec-defaults.js'
import type { ServiceStatus } from '../../src/model/status.js'
import { createStore } from '../../src/store/store.js'
import { createServiceSets } from '../../src/view/service-sets.js'

function service(name: string, spec: Partial<WrittenServiceSpec> = {}): Resource<'Service'> {
  const written = { image: 'nginx', ...spec }
  return {
    kind: 'Service',
    name,
    labels: {},
    spec: withSpecDefaults('Service', written),
    writtenSpec: written,
    status: undefined,
    generation: 1,
    specDigest: `digest-${name}`,
    source: { file: `${name}.yaml`, doc: 0, line: 1, col: 1 },
  }
}

const replicas = (desired: number, running: number) => ({ replicas: { desired, running } }) as ServiceStatus

describe('services another service’s change can concern', () => {
  test('waiting: a recorded status running fewer tasks than desired; a service never reconciled is not', () => {
    const store = createStore()
    const sets = createServiceSets(store)
    store.put(service('fresh'))
    store.put(service('short'))
    store.put(service('full'))
    store.setStatus('Service', 'short', replicas(3, 1))
    store.setStatus('Service', 'full', replicas(2, 2))
    expect([...sets.waiting]).toEqual(['short'])
    // Capacity freed: the waiting service places its tasks and leaves the set.
    store.setStatus('Service', 'short', replicas(3, 3))
    expect([...sets.waiting]).toEqual([])
    // Scaled up past what fits: waiting again; removed: gone.
    store.setStatus('Service', 'full', replicas(4, 2))
    expect([...sets.waiting]).toEqual(['full'])
    store.remove('Service', 'full')
    expect([...sets.waiting]).toEqual([])
  })

  test('global services that reserve resources are tracked whatever their status', () => {
    const store = createStore()
    const sets = createServiceSets(store)
    store.put(service('agent', { mode: 'global', resources: { reservations: { memory: '64M' } } }))
    store.put(service('logger', { mode: 'global' }))
    expect([...sets.globalReserving]).toEqual(['agent'])
    expect([...sets.waiting]).toEqual([])
  })
})
