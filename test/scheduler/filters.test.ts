import { describe, expect, test } from 'vitest'
import type { Filter } from '../../src/scheduler/filters.js'
import {
  constraintFilter,
  defaultFilters,
  hostPortFilter,
  maxReplicasFilter,
  platformFilter,
  pluginFilter,
  readyFilter,
  resourceFilter,
  volumeFilter,
} from '../../src/scheduler/filters.js'
import { buildNodeSet } from '../../src/scheduler/node-set.js'
import { explainRejections, noSuitableNode, staticCandidates } from '../../src/scheduler/pipeline.js'
import type { NodeLoad, SchedNode, TaskDemand } from '../../src/scheduler/types.js'
import { CPU, demand, filterContext, GiB, MiB, schedNode } from '../support/sched.js'

const check = (f: Filter, node: SchedNode, d: TaskDemand, load?: NodeLoad, mine = 0) =>
  f.check(node, filterContext(d, load ? { [node.name]: load } : {}, { [node.name]: mine }))

describe('ready filter', () => {
  test.each([
    ['active', true],
    ['pause', false],
    ['drain', false],
  ] as const)('availability %s → %s', (availability, ok) => {
    expect(check(readyFilter, schedNode('n', { availability }), demand())).toBe(ok)
  })
})

type Cap = { cpus?: number; memory?: number }
describe('resource filter', () => {
  const load = (cpus: number, memory: number): NodeLoad => ({ tasks: 1, cpus, memory })
  test.each([
    ['fits an empty node', { cpus: 2 * CPU, memory: GiB }, { cpus: CPU, memory: 512 * MiB }, undefined, true],
    ['exactly full still fits', { cpus: 2 * CPU }, { cpus: 2 * CPU }, undefined, true],
    ['cpus over capacity', { cpus: 2 * CPU }, { cpus: 3 * CPU }, undefined, false],
    ['memory over capacity', { memory: GiB }, { memory: 2 * GiB }, undefined, false],
    ['fits capacity but not what is left', { cpus: 2 * CPU }, { cpus: CPU }, load(1.5 * CPU, 0), false],
    ['memory left after load', { memory: GiB }, { memory: 512 * MiB }, load(0, 512 * MiB), true],
    ['memory load too high', { memory: GiB }, { memory: 512 * MiB }, load(0, 600 * MiB), false],
    // No capacity given: unlimited, whatever is reserved.
    ['unlimited capacity', {}, { cpus: 1000 * CPU, memory: 1000 * GiB }, load(1e6 * CPU, 0), true],
    // No reservation: fits even a node that is overcommitted.
    ['no reservation on a full node', { cpus: CPU }, {}, load(2 * CPU, 0), true],
    [
      'cpus unlimited, memory limited',
      { memory: GiB },
      { cpus: 64 * CPU, memory: 2 * GiB },
      undefined,
      false,
    ],
  ] as [string, Cap, Cap, NodeLoad | undefined, boolean][])(
    '%s',
    (_name, capacity, reservation, used, ok) => {
      const node = schedNode('n', { cpus: capacity.cpus, memory: capacity.memory })
      expect(check(resourceFilter, node, demand(reservation), used)).toBe(ok)
    },
  )
})

describe('plugin filter', () => {
  const weave = 'Network:bboreham/weave2:latest'
  const sample = 'Volume:tiborvass/sample-volume-plugin:latest'
  test.each([
    ['no plugins needed', [], [], true],
    ['has the network plugin', [weave], [{ type: 'Network', name: 'bboreham/weave2:latest' }], true],
    ['lacks it', [], [{ type: 'Network', name: 'bboreham/weave2:latest' }], false],
    // The key is type + name: a volume driver of the same name does not serve a network.
    [
      'same name, other type',
      ['Volume:bboreham/weave2:latest'],
      [{ type: 'Network', name: 'bboreham/weave2:latest' }],
      false,
    ],
    // Tags are part of the name once normalised: :1.0 is not :latest.
    ['other tag', [weave], [{ type: 'Network', name: 'bboreham/weave2:1.0' }], false],
    [
      'needs two, has one',
      [weave],
      [
        { type: 'Network', name: 'bboreham/weave2:latest' },
        { type: 'Volume', name: 'tiborvass/sample-volume-plugin:latest' },
      ],
      false,
    ],
    [
      'needs two, has both',
      [weave, sample],
      [
        { type: 'Network', name: 'bboreham/weave2:latest' },
        { type: 'Volume', name: 'tiborvass/sample-volume-plugin:latest' },
      ],
      true,
    ],
    [
      'log driver',
      ['Log:grafana/loki-docker-driver:latest'],
      [{ type: 'Log', name: 'grafana/loki-docker-driver:latest' }],
      true,
    ],
  ] as const)('%s', (_name, installed, needs, ok) => {
    const node = schedNode('n', { plugins: new Set(installed) })
    expect(check(pluginFilter, node, demand({ plugins: needs }))).toBe(ok)
  })
})

describe('volume filter', () => {
  test.each([
    ['no volumes', [], [], true],
    ['volume exists here', ['data'], ['data'], true],
    ['volume elsewhere', ['other'], ['data'], false],
    ['one of two missing', ['data'], ['data', 'logs'], false],
  ])('%s', (_name, present, needs, ok) => {
    const node = schedNode('n', { volumes: new Set(present) })
    expect(check(volumeFilter, node, demand({ volumes: needs }))).toBe(ok)
  })
})

describe('constraint filter', () => {
  const node = schedNode('node1', {
    id: 'abc123',
    role: 'manager',
    labels: { zone: 'a', Disk: 'SSD' },
    os: 'linux',
    arch: 'x86_64',
  })
  test.each([
    ['node.role==manager', true],
    ['node.role==worker', false],
    ['node.role!=worker', true],
    ['node.hostname==node1', true],
    ['node.hostname!=node1', false],
    ['node.id==abc123', true],
    ['node.labels.zone==a', true],
    ['node.labels.zone==b', false],
    ['node.labels.zone!=b', true],
    // Values compare case-insensitively.
    ['node.labels.zone==A', true],
    ['node.labels.Disk==ssd', true],
    ['node.role==MANAGER', true],
    // A missing label is the empty string: != anything holds, == anything fails.
    ['node.labels.rack==r1', false],
    ['node.labels.rack!=r1', true],
    ['node.platform.os==linux', true],
    ['node.platform.os==windows', false],
    ['node.platform.arch==x86_64', true],
  ])('%s → %s', (expr, ok) => {
    const [key, value] = expr.split(/==|!=/) as [string, string]
    const operator = expr.includes('!=') ? '!=' : '=='
    expect(check(constraintFilter, node, demand({ constraints: [{ key, operator, value }] }))).toBe(ok)
  })
  test('every constraint must hold', () => {
    const constraints = [
      { key: 'node.role', operator: '==', value: 'manager' },
      { key: 'node.labels.zone', operator: '==', value: 'b' },
    ] as const
    expect(check(constraintFilter, node, demand({ constraints }))).toBe(false)
  })
})

describe('platform filter', () => {
  test.each([
    ['no platforms listed', 'linux', 'x86_64', [], true],
    ['x86_64 node, amd64 wanted', 'linux', 'x86_64', [{ os: 'linux', arch: 'amd64' }], true],
    ['amd64 node, x86_64 wanted', 'linux', 'amd64', [{ arch: 'x86_64' }], true],
    ['aarch64 node, arm64 wanted', 'linux', 'aarch64', [{ arch: 'arm64' }], true],
    ['arm64 node, aarch64 wanted', 'linux', 'arm64', [{ os: 'linux', arch: 'aarch64' }], true],
    ['arm64 node, amd64 wanted', 'linux', 'arm64', [{ arch: 'amd64' }], false],
    ['windows node, linux wanted', 'windows', 'amd64', [{ os: 'linux' }], false],
    ['any of several', 'linux', 'arm64', [{ arch: 'amd64' }, { arch: 'arm64' }], true],
    ['os case-insensitive', 'Linux', 'amd64', [{ os: 'linux' }], true],
  ])('%s', (_name, os, arch, platforms, ok) => {
    expect(check(platformFilter, schedNode('n', { os, arch }), demand({ platforms }))).toBe(ok)
  })
})

describe('max replicas filter', () => {
  test.each([
    [0, 100, true],
    [2, 0, true],
    [2, 1, true],
    [2, 2, false],
    [1, 1, false],
  ])('max %i with %i there → %s', (max, mine, ok) => {
    expect(
      check(maxReplicasFilter, schedNode('n'), demand({ maxReplicasPerNode: max }), undefined, mine),
    ).toBe(ok)
  })
})

describe('host-port filter', () => {
  const held = (entries: Record<string, string>) => () => new Map(Object.entries(entries))
  const ctx = (d: TaskDemand, mine: number, holders?: Record<string, string>) => ({
    ...filterContext(d, {}, { n: mine }),
    ...(holders ? { hostPortHolders: held(holders) } : {}),
  })
  test.each([
    // No host ports: anything goes, even with other tasks of the service there.
    ['no host ports', [], 3, undefined, true, ''],
    ['a free port on an empty node', ['8080/tcp'], 0, {}, true, ''],
    ['the service already runs there', ['8080/tcp'], 1, {}, false, 'another task of this service'],
    ['another service holds it', ['8080/tcp'], 0, { '8080/tcp': 'web' }, false, 'service web'],
    // The same number over another protocol is another port.
    ['udp beside tcp', ['8080/udp'], 0, { '8080/tcp': 'web' }, true, ''],
    ['the second port clashes', ['80/tcp', '443/tcp'], 0, { '443/tcp': 'proxy' }, false, '443/tcp'],
  ] as const)('%s', (_name, hostPorts, mine, holders, ok, detail) => {
    const c = ctx(demand({ hostPorts: [...hostPorts] }), mine, holders)
    const node = schedNode('n')
    expect(hostPortFilter.check(node, c)).toBe(ok)
    if (!ok) expect(hostPortFilter.detail(node, c)).toContain(detail)
  })

  // During an update the service's own tasks on a node may be of an older template without the port.
  test.each([
    ['own tasks there hold no port', ['8080/tcp'], 2, [], true],
    ['an own task holds it', ['8080/tcp'], 1, ['8080/tcp'], false],
    ['an own task holds another port', ['8080/tcp'], 1, ['9090/tcp'], true],
  ] as const)('ownHostPorts given: %s', (_name, hostPorts, mine, own, ok) => {
    const c = { ...ctx(demand({ hostPorts: [...hostPorts] }), mine, {}), ownHostPorts: () => new Set(own) }
    const node = schedNode('n')
    expect(hostPortFilter.check(node, c)).toBe(ok)
    if (!ok) expect(hostPortFilter.detail(node, c)).toContain('another task of this service')
  })
})

describe("Swarm's texts", () => {
  test.each([
    [readyFilter, 1, '1 node not available for new tasks'],
    [readyFilter, 2, '2 nodes not available for new tasks'],
    [resourceFilter, 1, 'insufficient resources on 1 node'],
    [pluginFilter, 2, 'missing plugin on 2 nodes'],
    [pluginFilter, 1, 'missing plugin on 1 node'],
    [constraintFilter, 1, 'scheduling constraints not satisfied on 1 node'],
    [platformFilter, 1, 'unsupported platform on 1 node'],
    [maxReplicasFilter, 3, 'max replicas per node limit exceed'],
    [volumeFilter, 1, 'volume not available on 1 node'],
    [hostPortFilter, 1, 'host-mode port already in use on 1 node'],
    [hostPortFilter, 2, 'host-mode port already in use on 2 nodes'],
  ])('%#: %s', (filter, n, text) => {
    expect(filter.explain(n)).toBe(text)
  })

  test("the pipeline runs in Swarm's order, volume filter added", () => {
    expect(defaultFilters.map((f) => f.name)).toEqual([
      'ready',
      'resources',
      'plugin',
      'volume',
      'constraint',
      'platform',
      'host-port',
      'max-replicas',
    ])
  })
})

describe('explainRejections and noSuitableNode', () => {
  const weave = { type: 'Network', name: 'bboreham/weave2:latest' } as const
  test('most common reason first, joined by "; "', () => {
    const nodes = buildNodeSet([
      schedNode('a', { availability: 'drain' }),
      schedNode('b', { plugins: new Set() }),
      schedNode('c'),
      schedNode('d', { availability: 'pause' }),
    ])
    const ex = explainRejections(nodes, filterContext(demand({ plugins: [weave] })))
    expect(noSuitableNode(ex)).toBe(
      'no suitable node (2 nodes not available for new tasks; missing plugin on 2 nodes)',
    )
  })

  test('a node counts against the first filter that rejects it; ties keep pipeline order', () => {
    // a is drained and lacks the plugin: counted as not available only.
    const nodes = buildNodeSet([schedNode('a', { availability: 'drain' }), schedNode('b')])
    const ex = explainRejections(nodes, filterContext(demand({ plugins: [weave] })))
    expect(noSuitableNode(ex)).toBe(
      'no suitable node (1 node not available for new tasks; missing plugin on 1 node)',
    )
  })

  test('ties keep pipeline order; per-node details name what is lacking', () => {
    const nodes = buildNodeSet([
      schedNode('n1', { cpus: CPU }),
      schedNode('n2', {
        plugins: new Set(['Network:bboreham/weave2:latest']),
        labels: { zone: 'a' },
        os: 'windows',
      }),
      schedNode('n3', { plugins: new Set(['Network:bboreham/weave2:latest']), labels: { zone: 'b' } }),
    ])
    const d = demand({
      cpus: 2 * CPU,
      plugins: [weave],
      constraints: [{ key: 'node.labels.zone', operator: '==', value: 'a' }],
      platforms: [{ os: 'linux' }],
    })
    const ex = explainRejections(nodes, filterContext(d))
    expect(ex.summary).toBe(
      'insufficient resources on 1 node; scheduling constraints not satisfied on 1 node; unsupported platform on 1 node',
    )
    expect(ex.rejected.get('n1')).toContain('insufficient resources')
    expect(ex.rejected.get('n2')).toBe('platform windows/x86_64 not supported')
    expect(ex.rejected.get('n3')).toContain('constraint node.labels.zone==a not satisfied')
  })

  test('max replicas and volume texts surface in the summary', () => {
    const nodes = buildNodeSet([schedNode('a'), schedNode('b', { volumes: new Set(['v']) })])
    const ex = explainRejections(
      nodes,
      filterContext(demand({ volumes: ['v'], maxReplicasPerNode: 1 }), {}, { b: 1 }),
    )
    expect(noSuitableNode(ex)).toBe(
      'no suitable node (volume not available on 1 node; max replicas per node limit exceed)',
    )
  })

  test('plugin detail names the plugin and its type', () => {
    const ex = explainRejections(
      buildNodeSet([schedNode('node2')]),
      filterContext(demand({ plugins: [weave] })),
    )
    expect(ex.rejected.get('node2')).toBe('missing network plugin bboreham/weave2:latest')
  })

  test('staticCandidates keeps exactly the nodes passing the static filters', () => {
    const nodes = buildNodeSet([
      schedNode('a', { labels: { zone: 'a' } }),
      schedNode('b', { labels: { zone: 'b' } }),
      schedNode('c', { labels: { zone: 'a' }, availability: 'pause' }),
      // resources are not static: a full node stays a candidate here.
      schedNode('d', { labels: { zone: 'a' }, cpus: 0 }),
    ])
    const d = demand({ cpus: CPU, constraints: [{ key: 'node.labels.zone', operator: '==', value: 'a' }] })
    expect(staticCandidates(nodes, filterContext(d)).map((n) => n.name)).toEqual(['a', 'd'])
  })

  test('labels whose key or value holds "=" never make two different nodes one class', () => {
    const nodes = buildNodeSet([
      schedNode('n1', { labels: { 'a=': 'b' } }),
      schedNode('n2', { labels: { a: '=b' } }),
    ])
    const d = demand({ constraints: [{ key: 'node.labels.a', operator: '==', value: '=b' }] })
    expect(staticCandidates(nodes, filterContext(d)).map((n) => n.name)).toEqual(['n2'])
  })
})

describe('static candidates', () => {
  // More than one 32-node word, classes of mixed sizes, and a per-node constraint.
  const fleet = Array.from({ length: 70 }, (_, i) =>
    schedNode(`n${String(i).padStart(2, '0')}`, {
      availability: i % 11 === 0 ? 'drain' : 'active',
      labels: { zone: ['a', 'b', 'c'][i % 3] as string },
      plugins: new Set(i % 4 === 0 ? ['Network:x:latest'] : []),
      volumes: new Set(i % 5 === 0 ? ['data'] : []),
      arch: i % 7 === 0 ? 'aarch64' : 'x86_64',
    }),
  )
  const statics = defaultFilters.filter((f) => f.static)
  test.each([
    ['nothing asked', demand()],
    ['a plugin', demand({ plugins: [{ type: 'Network', name: 'x:latest' }] })],
    [
      'a volume and a zone',
      demand({ volumes: ['data'], constraints: [{ key: 'node.labels.zone', operator: '!=', value: 'b' }] }),
    ],
    ['a platform', demand({ platforms: [{ arch: 'arm64' }] })],
    ['a hostname', demand({ constraints: [{ key: 'node.hostname', operator: '!=', value: 'n01' }] })],
  ])('%s: exactly the nodes every static filter passes, in name order, asked once or twice', (_name, d) => {
    const set = buildNodeSet(fleet)
    const ctx = filterContext(d)
    const expected = set.nodes.filter((n) => statics.every((f) => f.check(n, ctx))).map((n) => n.name)
    expect(staticCandidates(set, ctx).map((n) => n.name)).toEqual(expected)
    expect(staticCandidates(set, ctx).map((n) => n.name)).toEqual(expected)
    expect(expected.length).toBeGreaterThan(0)
  })

  test.each([1, 31, 32, 33, 64, 70])(
    '%i nodes, a filter list without static filters: every node, in name order',
    (size) => {
      const set = buildNodeSet(fleet.slice(0, size))
      const placing = defaultFilters.filter((f) => !f.static)
      const names = staticCandidates(set, filterContext(demand()), placing).map((n) => n.name)
      expect(names).toEqual(set.nodes.map((n) => n.name))
      expect(names).toHaveLength(size)
    },
  )

  test('a filter that says what it reads answers alike for nodes that read alike, and differs somewhere', () => {
    const asks = [
      demand(),
      demand({ plugins: [{ type: 'Network', name: 'x:latest' }] }),
      demand({ volumes: ['data'] }),
      demand({ platforms: [{ arch: 'arm64' }] }),
      demand({ platforms: [{ os: 'linux', arch: 'amd64' }] }),
    ]
    const reading = statics.filter((f) => f.reads)
    expect(reading.map((f) => f.name)).toEqual(['ready', 'plugin', 'volume', 'platform'])
    for (const filter of reading) {
      const answers = new Map<string, boolean[]>()
      let differ = false
      for (const node of fleet) {
        const said = asks.map((d) => filter.check(node, filterContext(d)))
        const read = filter.reads?.(node) ?? ''
        const before = answers.get(read)
        if (before) expect(said, `${filter.name} on ${node.name}`).toEqual(before)
        else answers.set(read, said)
        differ ||= said.some((x) => !x)
      }
      expect(differ, `${filter.name} turns some node away`).toBe(true)
    }
  })
})
