import { describe, expect, test } from 'vitest'
import type { FilterContext, PlacementFilter } from '../../src/scheduler/filters.js'
import { defaultFilters } from '../../src/scheduler/filters.js'
import { buildNodeSet } from '../../src/scheduler/node-set.js'
import { explainRejections, noSuitableNode } from '../../src/scheduler/pipeline.js'
import type { SchedNode, TaskDemand } from '../../src/scheduler/types.js'
import { CPU, demand, GiB, schedNode } from '../support/sched.js'

const placementFilters = defaultFilters.filter((f): f is PlacementFilter => !f.static)

const demands: readonly TaskDemand[] = [
  demand(),
  demand({ cpus: CPU }),
  demand({ memory: GiB }),
  demand({ hostPorts: ['8080/tcp'] }),
  demand({ hostPorts: [] }),
  demand({ maxReplicasPerNode: 1 }),
  demand({ cpus: CPU, hostPorts: ['53/udp'], maxReplicasPerNode: 2 }),
]

/** A node already full: its capacity taken, tasks of the service on it, the port held by another service. */
const crowded = (d: TaskDemand, node: SchedNode): FilterContext => ({
  demand: d,
  load: () => ({ tasks: 40, cpus: node.cpus ?? 0, memory: node.memory ?? 0 }),
  serviceTasks: () => 3,
  hostPortHolders: () => new Map((d.hostPorts ?? []).map((p) => [p, 'other'])),
  ownHostPorts: () => new Set(d.hostPorts ?? []),
})

describe('placement filters that say they are idle', () => {
  const node = schedNode('n', { cpus: 2 * CPU, memory: 2 * GiB })
  test.each(placementFilters.map((f) => [f.name, f] as const))(
    '%s: idle → passes a crowded node; not idle → turns it away',
    (_name, filter) => {
      let idle = 0
      let busy = 0
      for (const d of demands) {
        if (filter.idle(d)) {
          idle++
          expect(filter.check(node, crowded(d, node))).toBe(true)
        } else {
          busy++
          expect(filter.check(node, crowded(d, node))).toBe(false)
        }
      }
      expect(idle).toBeGreaterThan(0)
      expect(busy).toBeGreaterThan(0)
    },
  )
})

describe('explanations kept per node set', () => {
  const nodes = () => [
    schedNode('a', { availability: 'drain' }),
    schedNode('b', { labels: { zone: 'x' }, cpus: CPU }),
    schedNode('c', { labels: { zone: 'y' }, cpus: 4 * CPU }),
    schedNode('d', { labels: { zone: 'x' }, cpus: 4 * CPU, os: 'windows' }),
  ]
  const constraints = [{ key: 'node.labels.zone', operator: '==', value: 'x' }] as const
  const ctx = (d: TaskDemand): FilterContext => ({
    demand: d,
    load: () => ({ tasks: 1, cpus: 0, memory: 0 }),
    serviceTasks: () => 0,
  })

  test('a demand no placement filter affects gets what a fresh node set explains', () => {
    const set = buildNodeSet(nodes())
    const first = explainRejections(set, ctx(demand({ constraints: [...constraints] })))
    // Another service asking the same: the same answer, from the memo.
    const again = explainRejections(set, ctx(demand({ constraints: [...constraints] })))
    const fresh = explainRejections(buildNodeSet(nodes()), ctx(demand({ constraints: [...constraints] })))
    expect(again).toBe(first)
    expect(again.summary).toBe(fresh.summary)
    expect([...again.rejected]).toEqual([...fresh.rejected])
    expect(noSuitableNode(again)).toBe(
      'no suitable node (1 node not available for new tasks; scheduling constraints not satisfied on 1 node)',
    )
  })

  test('a demand that reserves, with the same static keys, is explained against the load', () => {
    const set = buildNodeSet(nodes())
    explainRejections(set, ctx(demand({ constraints: [...constraints] })))
    const reserving = explainRejections(set, ctx(demand({ cpus: 2 * CPU, constraints: [...constraints] })))
    expect(reserving.rejected.get('b')).toBe('insufficient resources (2 CPUs reserved, 1 free)')
    expect(reserving.summary).toContain('insufficient resources on 1 node')
  })

  test('a different constraint is explained afresh on the same set', () => {
    const set = buildNodeSet(nodes())
    explainRejections(set, ctx(demand({ constraints: [...constraints] })))
    const other = explainRejections(
      set,
      ctx(demand({ constraints: [{ key: 'node.labels.zone', operator: '==', value: 'y' }] })),
    )
    expect(other.rejected.get('b')).toBe('constraint node.labels.zone==y not satisfied')
    expect(other.rejected.has('c')).toBe(false)
  })
})
