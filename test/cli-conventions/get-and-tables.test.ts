import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DemoDir } from '../cli/cli-harness.js'
import { cells, demoDir } from '../cli/cli-harness.js'

let demo: DemoDir
beforeAll(async () => {
  demo = await demoDir({ reconciled: true })
})
afterAll(() => demo.remove())

describe('get: -l, -o name, jsonpath, custom-columns', () => {
  test('-l selects by labels, equality and set-based; -o name prints kind/name', async () => {
    expect((await demo.berth('get', 'nodes', '-l', 'zone=b', '-o', 'name')).out).toBe('node/node2\n')
    expect((await demo.berth('get', 'nodes', '-l', 'zone in (a,b)', '-o', 'name')).out).toBe(
      'node/node1\nnode/node2\n',
    )
    expect((await demo.berth('get', 'nodes', '--selector', 'zone notin (b)', '-o', 'name')).out).toBe(
      'node/node1\n',
    )
    const none = await demo.berth('get', 'nodes', '-l', 'gpu')
    expect([none.code, none.out, none.err]).toEqual([0, '', 'No resources found.\n'])
    const bad = await demo.berth('get', 'nodes', '-l', 'zone in a')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('invalid selector "zone in a"')
  })

  test('-o jsonpath over the List get -o json prints, and over one named resource', async () => {
    const all = await demo.berth('get', 'svc', '-o', 'jsonpath={.items[*].metadata.name}')
    expect(all.out).toBe('my-service myservice')
    const rows = await demo.berth(
      'get',
      'svc',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.replicas.running}{"\\n"}{end}',
    )
    expect(rows.out).toBe('my-service=1\nmyservice=8\n')
    const one = await demo.berth('get', 'svc', 'myservice', '-o', 'jsonpath={.spec.networks[0]}')
    expect(one.out).toBe('globalnet')
  })

  test('-o custom-columns', async () => {
    const { out } = await demo.berth(
      'get',
      'svc',
      '-o',
      'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas',
    )
    expect(cells(out)).toEqual([
      ['NAME', 'REPLICAS'],
      ['my-service', '1'],
      ['myservice', '8'],
    ])
  })

  test('an unknown -o is a usage error listing the formats', async () => {
    const result = await demo.berth('get', 'svc', '-o', 'xml')
    expect(result.code).toBe(2)
    expect(result.err).toContain('jsonpath=TEMPLATE')
  })
})

describe("docker tables: -l and docker's --filter keys", () => {
  test.each([
    [['node', 'ls', '-f', 'role=manager'], ['node1']],
    [['node', 'ls', '-f', 'label=zone=b'], ['node2']],
    [
      ['node', 'ls', '-f', 'label=zone'],
      ['node1', 'node2'],
    ],
    [
      ['node', 'ls', '-f', 'name=node1', '-f', 'name=node2'],
      ['node1', 'node2'],
    ],
    [['node', 'ls', '-l', 'zone!=b'], ['node1']],
    [['service', 'ls', '-f', 'name=my-'], ['my-service']],
    [['service', 'ls', '-f', 'mode=global'], []],
    [['service', 'ls', '-f', 'mode=replicated', '-f', 'name=myservice'], ['myservice']],
    [['plugin', 'ls', '-f', 'capability=volumedriver'], ['tiborvass/sample-volume-plugin:latest']],
    [['plugin', 'ls', '-f', 'enabled=true', '-f', 'capability=networkdriver'], ['bboreham/weave2:latest']],
    [['network', 'ls', '-f', 'driver=bboreham/weave2:latest'], ['globalnet']],
    [['network', 'ls', '-f', 'driver=overlay'], []],
    [['volume', 'ls', '-f', 'dangling=true'], []],
    [['volume', 'ls', '-f', 'driver=tiborvass/sample-volume-plugin'], ['pluginVol']],
  ])('%j lists %j', async (args, names) => {
    const { code, out } = await demo.berth(...args)
    expect(code).toBe(0)
    const [header, ...rows] = cells(out)
    const column = (header ?? []).findIndex((h) => ['NAME', 'HOSTNAME', 'VOLUME NAME'].includes(h))
    expect(rows.map((r) => r[column])).toEqual(names)
  })

  test('a key the table does not take is a usage error naming the keys it does', async () => {
    const result = await demo.berth('service', 'ls', '-f', 'driver=x')
    expect(result.code).toBe(2)
    expect(result.err).toContain("invalid filter 'driver=x' (this table takes id=…, name=…, label=…, mode=…)")
    expect((await demo.berth('volume', 'ls', '-f', 'dangling=maybe')).code).toBe(2)
  })
})

describe('status older than its spec', () => {
  test('get and the docker tables mark it (stale) until berth reconciles', async () => {
    const stale = await demoDir({ reconciled: true })
    try {
      await stale.edit('services/myservice.yaml', (t) => t.replace('replicas: 8', 'replicas: 3'))
      const get = cells((await stale.berth('get', 'svc')).out)
      expect(get[2]).toEqual([
        'myservice',
        'replicated',
        '8 (stale)',
        '8 (stale)',
        'mrjana/simpleweb',
        'True (stale)',
      ])
      expect(get[1]).toEqual(['my-service', 'replicated', '1', '1', 'busybox', 'True'])
      expect(cells((await stale.berth('service', 'ls')).out)[2]?.[3]).toBe('8/8 (stale)')
      await stale.berth('reconcile')
      expect(cells((await stale.berth('get', 'svc')).out)[2]).toEqual([
        'myservice',
        'replicated',
        '3',
        '3',
        'mrjana/simpleweb',
        'True',
      ])
      expect(cells((await stale.berth('service', 'ls')).out)[2]?.[3]).toBe('3/3')
    } finally {
      await stale.remove()
    }
  })
})
