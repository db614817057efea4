import { describe, expect, test } from 'vitest'
import { createStore } from '../../src/store/store.js'
import { createView } from '../../src/view/view.js'
import { resourceOf } from '../support/resources.js'

const SERVICES = {
  web: '{image: nginx, networks: [front, back], secrets: [tls], configs: [{source: site, target: /etc/site}]}',
  db: '{image: postgres, networks: [back], mounts: [{type: volume, source: data, target: /data}, {type: volume, source: data, target: /copy}], secrets: [tls, {source: db-password}]}',
  tool: '{image: busybox}',
}

function cluster() {
  const store = createStore()
  for (const [name, spec] of Object.entries(SERVICES)) store.put(resourceOf('Service', name, spec))
  return { store, view: createView(store) }
}

describe('services naming a network, volume, secret or config', () => {
  test('each service once, in name order', () => {
    const { view } = cluster()
    expect(view.servicesNaming('Network', 'back')).toEqual(['db', 'web'])
    expect(view.servicesNaming('Network', 'front')).toEqual(['web'])
    expect(view.servicesNaming('Volume', 'data')).toEqual(['db'])
    expect(view.servicesNaming('Secret', 'tls')).toEqual(['db', 'web'])
    expect(view.servicesNaming('Secret', 'db-password')).toEqual(['db'])
    expect(view.servicesNaming('Config', 'site')).toEqual(['web'])
  })

  test('a name no service uses, or a kind services do not name, has none', () => {
    const { view } = cluster()
    expect(view.servicesNaming('Network', 'elsewhere')).toEqual([])
    expect(view.servicesNaming('Volume', 'front')).toEqual([])
    expect(view.servicesNaming('Node', 'web')).toEqual([])
  })

  test('follows spec changes: a service added, edited or removed', () => {
    const { store, view } = cluster()
    expect(view.servicesNaming('Network', 'back')).toEqual(['db', 'web'])
    store.put(resourceOf('Service', 'api', '{image: api, networks: [back]}'))
    store.put(resourceOf('Service', 'web', '{image: nginx, networks: [front]}'))
    expect(view.servicesNaming('Network', 'back')).toEqual(['api', 'db'])
    store.remove('Service', 'db')
    expect(view.servicesNaming('Network', 'back')).toEqual(['api'])
    expect(view.servicesNaming('Volume', 'data')).toEqual([])
  })
})
