import { describe, expect, test } from 'vitest'
import type { NodeSet } from '../../src/scheduler/node-set.js'
import { buildNodeSet } from '../../src/scheduler/node-set.js'
import { explainRejections, staticCandidates } from '../../src/scheduler/pipeline.js'
import { placeTasks } from '../../src/scheduler/place.js'
import type { NodeLoad, SchedNode, TaskDemand } from '../../src/scheduler/types.js'
import { EMPTY_LOAD } from '../../src/scheduler/types.js'
import { CPU, demand, filterContext, MiB, schedNode } from '../support/sched.js'

interface Setup {
  loads?: Record<string, NodeLoad>
  /** This service's tasks already on each node (also counted in `loads`). */
  mine?: Record<string, number>
  set?: NodeSet
  /** Place with the set's memo, as the service controller does. */
  memo?: boolean
}

/** Static filters, then placement: the order the service controller uses. */
function place(nodes: readonly SchedNode[], d: TaskDemand, count: number, setup: Setup = {}) {
  const set = setup.set ?? buildNodeSet(nodes)
  const ctx = filterContext(d, setup.loads, setup.mine)
  const load = (n: SchedNode) => setup.loads?.[n.name] ?? EMPTY_LOAD
  const result = placeTasks({
    demand: d,
    candidates: staticCandidates(set, ctx),
    count,
    load,
    serviceTasks: new Map(Object.entries(setup.mine ?? {})),
    ...(setup.memo ? { memo: set.memo } : {}),
  })
  const perNode: Record<string, number> = {}
  for (const n of result.placed) perNode[n.name] = (perNode[n.name] ?? 0) + 1
  return { order: result.placed.map((n) => n.name), perNode, result }
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`)

describe('ranking', () => {
  test('8 tasks on 2 empty nodes → 4/4, alternating', () => {
    const { perNode, order } = place([schedNode('node1'), schedNode('node2')], demand(), 8)
    expect(perNode).toEqual({ node1: 4, node2: 4 })
    expect(order.slice(0, 4)).toEqual(['node1', 'node2', 'node1', 'node2'])
  })

  test('ties go to the node whose name sorts first', () => {
    expect(place([schedNode('c'), schedNode('b'), schedNode('a')], demand(), 1).order).toEqual(['a'])
  })

  test('fewest tasks of this service first, then fewest tasks in total', () => {
    const loads = { a: { tasks: 3, cpus: 0, memory: 0 }, b: { tasks: 5, cpus: 0, memory: 0 } }
    const { order } = place([schedNode('a'), schedNode('b'), schedNode('c')], demand(), 3, {
      loads,
      mine: { a: 1 },
    })
    // c: 0 mine, 0 total; b: 0 mine, 5 total; then all have 1 mine and c has the fewest in total.
    expect(order).toEqual(['c', 'b', 'c'])
  })

  test('a busy node still gets tasks of a service it runs none of', () => {
    const loads = { a: { tasks: 50, cpus: 0, memory: 0 } }
    const { perNode } = place([schedNode('a'), schedNode('b')], demand(), 2, { loads, mine: { b: 3 } })
    expect(perNode).toEqual({ a: 2 })
  })
})

describe('spread preferences', () => {
  const zoned = (zone: string, n: number) =>
    names(`${zone}-`, n).map((name) => schedNode(name, { labels: { zone } }))

  test('uneven node counts per zone still give an even split per zone', () => {
    const nodes = [...zoned('a', 1), ...zoned('b', 2), ...zoned('c', 3)]
    const { perNode } = place(nodes, demand({ spread: ['node.labels.zone'] }), 9)
    expect(perNode['a-1']).toBe(3)
    expect((perNode['b-1'] ?? 0) + (perNode['b-2'] ?? 0)).toBe(3)
    expect(perNode).toMatchObject({ 'c-1': 1, 'c-2': 1, 'c-3': 1 })
  })

  test('without spread the same nodes share tasks evenly per node', () => {
    const nodes = [...zoned('a', 1), ...zoned('b', 2), ...zoned('c', 3)]
    expect(Object.values(place(nodes, demand(), 12).perNode)).toEqual([2, 2, 2, 2, 2, 2])
  })

  test('spread counts tasks already running in each zone', () => {
    const nodes = [...zoned('a', 1), ...zoned('b', 1)]
    const { order } = place(nodes, demand({ spread: ['node.labels.zone'] }), 3, {
      mine: { 'a-1': 2 },
      loads: { 'a-1': { tasks: 2, cpus: 0, memory: 0 } },
    })
    expect(order).toEqual(['b-1', 'b-1', 'a-1'])
  })

  test('nodes without the label form their own group', () => {
    const nodes = [...zoned('a', 2), schedNode('plain1'), schedNode('plain2'), schedNode('plain3')]
    const { perNode } = place(nodes, demand({ spread: ['node.labels.zone'] }), 4)
    expect((perNode['a-1'] ?? 0) + (perNode['a-2'] ?? 0)).toBe(2)
  })

  test('nested spread: zone, then rack within each zone', () => {
    const node = (name: string, zone: string, rack: string) => schedNode(name, { labels: { zone, rack } })
    const nodes = [
      node('a1', 'a', 'r1'),
      node('a2', 'a', 'r1'),
      node('a3', 'a', 'r1'),
      node('a4', 'a', 'r2'),
      node('b1', 'b', 'r1'),
    ]
    const { perNode } = place(nodes, demand({ spread: ['node.labels.zone', 'node.labels.rack'] }), 8)
    expect(perNode.b1).toBe(4)
    // zone a's four split 2/2 between its racks, so the lone r2 node takes two.
    expect(perNode.a4).toBe(2)
    expect((perNode.a1 ?? 0) + (perNode.a2 ?? 0) + (perNode.a3 ?? 0)).toBe(2)
  })

  test('between values with as many tasks, the value that sorts first wins, not the node met first', () => {
    const nodes = [
      schedNode('n1', { labels: { zone: 'b' } }),
      schedNode('n2', { labels: { zone: 'B' } }),
      schedNode('n3', { labels: { zone: 'a' } }),
      schedNode('n4'),
      schedNode('n5', { labels: { zone: 'é' } }),
      schedNode('n6', { labels: { zone: 'b' } }),
    ]
    const d = demand({ spread: ['node.labels.zone'] })
    // '' (no label) < 'B' < 'a' < 'b' < 'é', as strings sort; b's second task goes to n6.
    const expected = ['n4', 'n2', 'n3', 'n1', 'n5', 'n4', 'n2', 'n3', 'n6']
    expect(place(nodes, d, 9).order).toEqual(expected)
    const set = buildNodeSet(nodes)
    // With the memo too, twice: the second time from what the first left there.
    expect(place(nodes, d, 9, { set, memo: true }).order).toEqual(expected)
    expect(place(nodes, d, 9, { set, memo: true }).order).toEqual(expected)
  })

  test('a full zone leaves its share to the others', () => {
    const nodes = [schedNode('a1', { labels: { zone: 'a' }, cpus: CPU }), ...zoned('b', 1)]
    const { perNode } = place(nodes, demand({ spread: ['node.labels.zone'], cpus: CPU }), 4)
    expect(perNode).toEqual({ a1: 1, 'b-1': 3 })
  })
})

describe('limits', () => {
  test('placement stops when resources run out', () => {
    const nodes = [schedNode('a', { cpus: 2 * CPU }), schedNode('b', { cpus: 1.5 * CPU })]
    const { perNode, order } = place(nodes, demand({ cpus: CPU / 2 }), 10)
    expect(order).toHaveLength(7)
    expect(perNode).toEqual({ a: 4, b: 3 })
  })

  test('existing load counts against capacity', () => {
    const loads = { a: { tasks: 1, cpus: 2 * CPU, memory: 0 } }
    expect(place([schedNode('a', { cpus: 3 * CPU })], demand({ cpus: CPU }), 5, { loads }).order).toEqual([
      'a',
    ])
  })

  test('maxReplicasPerNode caps every node, counting kept tasks', () => {
    const nodes = names('n', 3).map((n) => schedNode(n))
    const { perNode } = place(nodes, demand({ maxReplicasPerNode: 2 }), 10, {
      mine: { n1: 2 },
      loads: { n1: { tasks: 2, cpus: 0, memory: 0 } },
    })
    expect(perNode).toEqual({ n2: 2, n3: 2 })
  })

  test('a task reserving nothing: the context after placing reports what each node has reserved', () => {
    const nodes = [schedNode('a', { cpus: CPU }), schedNode('b', { cpus: CPU })]
    const loads = { a: { tasks: 2, cpus: CPU / 2, memory: 64 * MiB }, b: { tasks: 1, cpus: 0, memory: 0 } }
    const { order, result } = place(nodes, demand(), 3, { loads })
    expect(order).toEqual(['b', 'a', 'b'])
    expect(result.ctx.load(nodes[0] as SchedNode)).toEqual({ tasks: 3, cpus: CPU / 2, memory: 64 * MiB })
    expect(result.ctx.load(nodes[1] as SchedNode)).toEqual({ tasks: 3, cpus: 0, memory: 0 })
  })

  test('what could not be placed is explained by the filter that ran out', () => {
    const nodes = names('n', 2).map((n) => schedNode(n))
    const { result } = place(nodes, demand({ maxReplicasPerNode: 1 }), 3)
    expect(explainRejections(buildNodeSet(nodes), result.ctx).summary).toBe(
      'max replicas per node limit exceed',
    )
  })
})

describe('host ports', () => {
  const run = (own?: Record<string, string[]>) => {
    const nodes = names('n', 3).map((n) => schedNode(n))
    const d = demand({ hostPorts: ['8080/tcp'] })
    return placeTasks({
      demand: d,
      candidates: nodes,
      count: 3,
      load: () => EMPTY_LOAD,
      serviceTasks: new Map([['n1', 2]]),
      hostPortHolders: (n) => new Map(n.name === 'n3' ? [['8080/tcp', 'other']] : []),
      ...(own ? { ownHostPorts: (n: SchedNode) => new Set(own[n.name] ?? []) } : {}),
    })
  }

  test('without ownHostPorts, any task of the service on a node holds the port', () => {
    expect(run().placed.map((n) => n.name)).toEqual(['n2'])
  })

  // Mid-update: n1 runs two tasks of an older template that publish nothing.
  test('with ownHostPorts, only own tasks that hold the port count; one placement per node', () => {
    const result = run({})
    expect(result.placed.map((n) => n.name).sort()).toEqual(['n1', 'n2'])
    expect(result.ctx.ownHostPorts?.(schedNode('n1')).has('8080/tcp')).toBe(true)
    expect(run({ n1: ['8080/tcp'] }).placed.map((n) => n.name)).toEqual(['n2'])
  })
})

describe('node classes', () => {
  /** A set where every node is its own class: plain per-node evaluation. */
  const perNodeSet = (nodes: readonly SchedNode[]): NodeSet => {
    const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : 1))
    return { ...buildNodeSet(nodes), classes: sorted.map((n) => [n]) }
  }
  const fleet = [
    ...names('w', 40).map((n) => schedNode(n, { labels: { zone: n.endsWith('0') ? 'b' : 'a' } })),
    ...names('m', 5).map((n) => schedNode(n, { role: 'manager', cpus: 2 * CPU })),
    ...names('p', 5).map((n) => schedNode(n, { plugins: new Set(['Network:x:latest']) })),
    ...names('d', 5).map((n) => schedNode(n, { availability: 'drain' })),
  ]
  test('the fleet really is grouped into few classes', () => {
    expect(buildNodeSet(fleet).classes.length).toBeLessThan(6)
  })
  test.each([
    ['no constraints', demand()],
    [
      'per-node key inside a class',
      demand({ constraints: [{ key: 'node.hostname', operator: '!=', value: 'w3' }] }),
    ],
    ['node.id inside a class', demand({ constraints: [{ key: 'node.id', operator: '==', value: 'id-w7' }] })],
    [
      'role constraint',
      demand({ constraints: [{ key: 'node.role', operator: '==', value: 'manager' }], cpus: CPU }),
    ],
    [
      'plugin and spread',
      demand({ plugins: [{ type: 'Network', name: 'x:latest' }], spread: ['node.labels.zone'] }),
    ],
    ['spread with a cap', demand({ spread: ['node.labels.zone'], maxReplicasPerNode: 1 })],
  ])('%s: same placements and explanations', (_name, d) => {
    const grouped = place(fleet, d, 60, { set: buildNodeSet(fleet) })
    const single = place(fleet, d, 60, { set: perNodeSet(fleet) })
    expect(grouped.order).toEqual(single.order)
    const explain = (set: NodeSet, r: typeof grouped) => explainRejections(set, r.result.ctx)
    const a = explain(buildNodeSet(fleet), grouped)
    const b = explain(perNodeSet(fleet), single)
    expect(a.summary).toBe(b.summary)
    expect([...a.rejected].sort()).toEqual([...b.rejected].sort())
  })
})

describe("the node set's memo", () => {
  const fleet = names('n', 24).map((n, i) =>
    schedNode(n, { labels: { zone: ['a', 'b', 'c'][i % 3] as string, rack: `r${i % 4}` } }),
  )
  const spread = demand({ spread: ['node.labels.zone', 'node.labels.rack'] })

  test('services sharing candidates and spread place as they would with nothing kept between them', () => {
    const set = buildNodeSet(fleet)
    const run = (mine: Record<string, number>, withMemo: boolean) => {
      const candidates = staticCandidates(set, filterContext(spread))
      return placeTasks({
        demand: spread,
        candidates,
        count: 10,
        load: () => EMPTY_LOAD,
        serviceTasks: new Map(Object.entries(mine)),
        ...(withMemo ? { memo: set.memo } : {}),
      }).placed.map((n) => n.name)
    }
    const kept = { n1: 2, n5: 1 }
    const fresh = [run({}, false), run(kept, false)]
    // The second and third services reuse the groups the first one left in the memo.
    expect([run({}, true), run(kept, true), run({}, true)]).toEqual([...fresh, fresh[0]])
    expect(set.memo.spread.has(staticCandidates(set, filterContext(spread)))).toBe(true)
  })

  test('a spread value read for one candidate list serves another: placements as without the memo', () => {
    const set = buildNodeSet(fleet)
    const inZone = (zone: string) =>
      demand({
        spread: ['node.labels.rack'],
        constraints: [{ key: 'node.labels.zone', operator: '!=', value: zone }],
      })
    const run = (d: TaskDemand, withMemo: boolean) =>
      placeTasks({
        demand: d,
        candidates: staticCandidates(set, filterContext(d)),
        count: 7,
        load: () => EMPTY_LOAD,
        serviceTasks: new Map(),
        ...(withMemo ? { memo: set.memo } : {}),
      }).placed.map((n) => n.name)
    const asks = [inZone('a'), inZone('b'), inZone('c')]
    const without = asks.map((d) => run(d, false))
    expect(asks.map((d) => run(d, true))).toEqual(without)
    // Three candidate lists, one reading of the rack per node between them.
    const racks = set.memo.spreadIds.get('node.labels.rack')
    expect([...(racks?.byNode ?? [])].filter((id) => id >= 0)).toHaveLength(fleet.length)
    // Each rack numbered once: as many numbers as racks in the fleet.
    expect(racks?.values).toHaveLength(new Set(fleet.map((n) => n.labels.rack ?? '')).size)
    expect(new Set(without.map((order) => order.join()))).toHaveProperty('size', 3)
  })
})
