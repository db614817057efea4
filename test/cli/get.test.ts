import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import type { DemoDir } from './cli-harness.js'
import { cells, demoDir } from './cli-harness.js'

let demo: DemoDir
beforeAll(async () => {
  demo = await demoDir({ reconciled: true })
})
afterAll(() => demo.remove())

describe('berth get', () => {
  test('the service table has NAME and the CRD printer columns, with defaults applied', async () => {
    const { code, out } = await demo.berth('get', 'services')
    expect(code).toBe(0)
    const [header, ...rows] = cells(out)
    expect(header).toEqual(['NAME', 'MODE', 'REPLICAS', 'RUNNING', 'IMAGE', 'READY'])
    expect(rows).toEqual([
      ['my-service', 'replicated', '1', '1', 'busybox', 'True'],
      ['myservice', 'replicated', '8', '8', 'mrjana/simpleweb', 'True'],
    ])
  })

  test.each([
    ['service', 'Service'],
    ['services', 'Service'],
    ['svc', 'Service'],
    ['Service', 'Service'],
    ['node', 'Node'],
    ['nodes', 'Node'],
    ['no', 'Node'],
    ['plugin', 'Plugin'],
    ['plugins', 'Plugin'],
    ['pl', 'Plugin'],
    ['volume', 'Volume'],
    ['volumes', 'Volume'],
    ['vol', 'Volume'],
    ['network', 'Network'],
    ['networks', 'Network'],
    ['net', 'Network'],
    ['NETWORKS', 'Network'],
  ])('%s names the kind %s', async (alias, kind) => {
    const { code, out } = await demo.berth('get', alias, '-o', 'json')
    expect(code).toBe(0)
    const list = JSON.parse(out)
    expect(list.items.length).toBeGreaterThan(0)
    for (const item of list.items) expect(item.kind).toBe(kind)
  })

  test('-o json of a list is a v1 List of manifests with status', async () => {
    const { code, out } = await demo.berth('get', 'svc', '-o', 'json')
    expect(code).toBe(0)
    expect(out).toMatch(/^\{\n {2}"apiVersion": "v1",/)
    const list = JSON.parse(out)
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' })
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      'my-service',
      'myservice',
    ])
    expect(list.items[1]).toMatchObject({
      apiVersion: 'berth.dev/v1',
      kind: 'Service',
      spec: { replicas: 8 },
      status: { replicas: { desired: 8, running: 8 } },
    })
  })

  test('-o json of one name is that object alone', async () => {
    const { code, out } = await demo.berth('get', 'node', 'node1', '-o', 'json')
    expect(code).toBe(0)
    expect(JSON.parse(out)).toMatchObject({
      kind: 'Node',
      metadata: { name: 'node1', labels: { zone: 'a' } },
    })
  })

  test('-o yaml prints manifests, one document per resource', async () => {
    const { code, out } = await demo.berth('get', 'nodes', '-o', 'yaml')
    expect(code).toBe(0)
    const docs = out.split('---\n')
    expect(docs).toHaveLength(2)
    expect(docs[0]).toMatch(/^apiVersion: berth.dev\/v1\nkind: Node\nmetadata:\n {2}name: node1\n/)
    expect(docs[1]).toContain('status:\n  state: ready')
  })

  test('-o yaml prints the spec as written: the defaults berth reads by are not added', async () => {
    const { code, out } = await demo.berth('get', 'svc', 'my-service', '-o', 'yaml')
    expect(code).toBe(0)
    const spec = (parse(out) as { spec: unknown }).spec
    const written = parse(await demo.read('services/my-service.yaml')) as { spec: unknown }
    // mode, updateConfig, placement, the mount's readOnly: defaulted on load, never printed.
    expect(spec).toEqual(written.spec)
  })

  test('-o wide adds where things are', async () => {
    const { out } = await demo.berth('get', 'svc', '-o', 'wide')
    const [header, , row] = cells(out)
    expect(header).toEqual([
      'NAME',
      'MODE',
      'REPLICAS',
      'RUNNING',
      'IMAGE',
      'READY',
      'NODES',
      'NETWORKS',
      'REASON',
    ])
    expect(row).toEqual([
      'myservice',
      'replicated',
      '8',
      '8',
      'mrjana/simpleweb',
      'True',
      expect.any(String),
      'globalnet',
      'Running',
    ])
    expect(row?.[6]?.split(',').sort()).toEqual(['node1:4', 'node2:4'])
  })

  test('plugins show their name:tag and the catalog description', async () => {
    const [header, ...rows] = cells((await demo.berth('get', 'plugins')).out)
    expect(header).toEqual(['NAME', 'PLUGIN NAME', 'DESCRIPTION', 'ENABLED', 'READY'])
    expect(rows[1]).toEqual([
      'weave2',
      'bboreham/weave2:latest',
      'Weave Net plugin for Docker',
      'true',
      'True',
    ])
  })

  test('an unknown kind is a usage error listing the valid kinds', async () => {
    const { code, err } = await demo.berth('get', 'pods')
    expect(code).toBe(2)
    expect(err).toContain('unknown resource type "pods"')
    expect(err).toContain('service (services, svc)')
  })

  test('an unknown name is NotFound, exit 1', async () => {
    const { code, out, err } = await demo.berth('get', 'svc', 'nosuch')
    expect(code).toBe(1)
    expect(out).toBe('')
    expect(err).toBe('Error from server (NotFound): services "nosuch" not found\n')
  })

  test('an unknown output format is a usage error', async () => {
    expect((await demo.berth('get', 'svc', '-o', 'xml')).code).toBe(2)
  })

  test('an invalid file: diagnostics on stderr, what loaded is still shown, exit 1', async () => {
    const broken = await demoDir({ reconciled: false })
    try {
      await broken.edit('volumes/pluginVol.yaml', (t) => t.replace('nodes: [node2]', 'nodez: [node2]'))
      const { code, out, err } = await broken.berth('get', 'svc')
      expect(code).toBe(1)
      expect(err).toMatch(/pluginVol\.yaml:\d+:\d+: /)
      expect(out).toContain('myservice')
    } finally {
      await broken.remove()
    }
  })
})
