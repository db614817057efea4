import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { resolveDemand } from '../../controllers/service/demand.js'
import { overcommittedTasks } from '../../controllers/service/overcommit.js'
import { planReplicated } from '../../controllers/service/replicated.js'
import { scaleDown } from '../../controllers/service/scale-down.js'
import type { TaskStatus } from '../../src/model/status.js'
import { createStore } from '../../src/store/store.js'
import { createView } from '../../src/view/view.js'
import { resourceOf } from '../support/resources.js'

const task = (slot: number, node?: string, service = 'web'): TaskStatus => ({
  id: `${service}-task-${slot}`.padEnd(25, 'x'),
  name: `${service}.${slot}`,
  slot,
  ...(node ? { node } : {}),
  state: node ? 'running' : 'pending',
  desiredState: 'running',
})

/** Nodes and services as written (flow YAML specs), with task statuses set as berth recorded them. */
function cluster(
  nodes: Record<string, string>,
  services: Record<string, { spec: string; tasks?: TaskStatus[] }>,
) {
  const store = createStore()
  for (const [name, spec] of Object.entries(nodes)) store.put(resourceOf('Node', name, spec))
  for (const [name, s] of Object.entries(services)) {
    store.put(resourceOf('Service', name, s.spec))
    if (s.tasks) store.setStatus('Service', name, { tasks: s.tasks })
  }
  return { store, view: createView(store) }
}

/** planReplicated's input for `web`, built the way the service controller builds it. */
function plan(c: ReturnType<typeof cluster>, blocker?: { reason: 'VolumeNotFound'; message: string }) {
  const service = c.store.get('Service', 'web')
  if (!service) throw new Error('no web')
  const resolved = resolveDemand(service.spec, c.view)
  if (!('demand' in resolved)) throw new Error(resolved.blocker.message)
  return planReplicated({ service, demand: resolved.demand, blocker, nodes: c.view.nodeSet(), view: c.view })
}

const running = (tasks: readonly TaskStatus[]) => tasks.filter((t) => t.desiredState === 'running')
const where = (tasks: readonly TaskStatus[]) => running(tasks).map((t) => [t.slot, t.node ?? null])

describe('planReplicated', () => {
  const twoNodes = { n1: '{}', n2: '{}' }

  test('a new service: slots 1..replicas, spread by fewest tasks of the service, then by name', () => {
    const p = plan(cluster(twoNodes, { web: { spec: '{image: nginx, replicas: 3}' } }))
    expect(where(p.tasks)).toEqual([
      [1, 'n1'],
      [2, 'n2'],
      [3, 'n1'],
    ])
    expect(p).toMatchObject({ desired: 3, running: 3, waiting: undefined })
    expect(new Set(p.tasks.map((t) => t.id)).size).toBe(3)
  })

  test('running tasks are never moved merely to rebalance', () => {
    const tasks = [task(1, 'n1'), task(2, 'n1'), task(3, 'n1')]
    const p = plan(cluster(twoNodes, { web: { spec: '{image: nginx, replicas: 3}', tasks } }))
    expect(running(p.tasks).map((t) => [t.id, t.node])).toEqual(tasks.map((t) => [t.id, 'n1']))
  })

  test('a task whose node stops taking it is replaced in the same slot; the old one is recorded as shut down', () => {
    const c = cluster(
      { n1: '{availability: drain}', n2: '{}' },
      { web: { spec: '{image: nginx, replicas: 2}', tasks: [task(1, 'n1'), task(2, 'n2')] } },
    )
    const p = plan(c)
    expect(where(p.tasks)).toEqual([
      [1, 'n2'],
      [2, 'n2'],
    ])
    const old = p.tasks.find((t) => t.id === task(1).id)
    expect(old).toMatchObject({ slot: 1, node: 'n1', state: 'shutdown', desiredState: 'shutdown' })
    expect(old?.message).toBeTruthy()
    expect(running(p.tasks).find((t) => t.slot === 1)?.id).not.toBe(task(1).id)
  })

  test('scaling down keeps replicas tasks and drops the rest', () => {
    const tasks = [task(1, 'n1'), task(2, 'n2'), task(3, 'n1')]
    const p = plan(cluster(twoNodes, { web: { spec: '{image: nginx, replicas: 1}', tasks } }))
    expect(running(p.tasks)).toHaveLength(1)
    expect(p).toMatchObject({ desired: 1, running: 1 })
    expect(p.tasks.some((t) => t.slot === 3)).toBe(false)
  })

  test("a task that fits nowhere waits, with Swarm's summary and each node's reason", () => {
    const c = cluster(twoNodes, {
      web: { spec: '{image: nginx, replicas: 1, placement: {constraints: ["node.labels.zone==a"]}}' },
    })
    const p = plan(c)
    expect(p.tasks).toMatchObject([{ slot: 1, state: 'pending', desiredState: 'running' }])
    expect(p.tasks[0]?.node).toBeUndefined()
    expect(p.waiting).toBe('no suitable node (scheduling constraints not satisfied on 2 nodes)')
    expect([...p.rejected.keys()].sort()).toEqual(['n1', 'n2'])
    expect(p.running).toBe(0)
  })

  test('a blocker stops every task, running ones included, and is the message', () => {
    const blocker = { reason: 'VolumeNotFound' as const, message: 'volume data not found' }
    const c = cluster(twoNodes, {
      web: { spec: '{image: nginx, replicas: 2}', tasks: [task(1, 'n1'), task(2, 'n2')] },
    })
    const p = plan(c, blocker)
    expect(p.running).toBe(0)
    expect(
      running(p.tasks).every((t) => t.state === 'pending' && t.message === 'volume data not found'),
    ).toBe(true)
    expect(p.waiting).toBe('volume data not found')
  })
})

describe('scaleDown', () => {
  const slots = (tasks: readonly TaskStatus[]) => tasks.map((t) => t.slot)

  test.each([
    // [kept (slot@node), waiting slots, desired, kept after, waiting after]
    ['nothing to drop', ['1@a', '2@b'], [3], 3, [1, 2], [3]],
    ['waiting tasks go first, higher slots first', ['1@a', '2@b'], [3, 4], 3, [1, 2], [3]],
    ['then the busiest node, higher slot first', ['1@a', '2@a', '3@b'], [], 2, [1, 3], []],
    ['one at a time so copies stay even', ['1@a', '2@a', '3@a', '4@b', '5@b'], [], 2, [1, 4], []],
    ['between equally busy nodes, the first by name', ['1@b', '2@a'], [], 1, [1], []],
    ['to zero', ['1@a'], [2], 0, [], []],
  ])('%s', (_, kept, waiting, desired, keptAfter, waitingAfter) => {
    const k = kept.map((s) => {
      const [slot, node] = s.split('@')
      return task(Number(slot), node)
    })
    const out = scaleDown(
      k,
      waiting.map((s) => task(s)),
      desired,
    )
    expect(slots(out.kept).sort()).toEqual(keptAfter)
    expect(slots(out.waiting)).toEqual(waitingAfter)
  })
})

describe('overcommittedTasks', () => {
  // Half a CPU per task; n1 has one CPU: three tasks on it do not fit.
  const spec = '{image: nginx, resources: {reservations: {cpus: "0.5"}}}'
  const over = (nodeSpec: string) => {
    const c = cluster(
      { n1: nodeSpec },
      {
        b: { spec, tasks: [task(1, 'n1', 'b')] },
        a: { spec, tasks: [task(2, 'n1', 'a'), task(1, 'n1', 'a')] },
      },
    )
    const node = c.view.nodeSet().byName.get('n1')
    if (!node) throw new Error('no n1')
    return (service: string) => [...overcommittedTasks(service, node, c.view)]
  }

  test('in the order every service agrees on (service name, then slot), the tasks past capacity go', () => {
    const evict = over('{resources: {cpus: 1}}')
    expect(evict('a')).toEqual([])
    expect(evict('b')).toEqual([task(1, 'n1', 'b').id])
  })

  test('a node within capacity, or without a limit, evicts nothing', () => {
    for (const nodeSpec of ['{resources: {cpus: 2}}', '{}']) {
      const evict = over(nodeSpec)
      expect([...evict('a'), ...evict('b')]).toEqual([])
    }
  })

  test('the lowest slots of the first service by name stay', () => {
    const evict = over('{resources: {cpus: "0.5"}}')
    expect(evict('a')).toEqual([task(2, 'n1', 'a').id])
    expect(evict('b')).toEqual([task(1, 'n1', 'b').id])
  })

  test('the same choice as dropping one task at a time from a fresh count, on random clusters', () => {
    /** Swarm's rule read literally: count every node's copies again before each drop. */
    const oneAtATime = (kept: readonly TaskStatus[], excess: number): TaskStatus[] => {
      const remaining = [...kept]
      for (let n = excess; n > 0 && remaining.length > 0; n--) {
        const counts = new Map<string, TaskStatus[]>()
        for (const t of remaining) counts.set(t.node ?? '', [...(counts.get(t.node ?? '') ?? []), t])
        const [, tasks] =
          [...counts].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0] ?? []
        const victim = tasks?.sort((a, b) => (b.slot ?? 0) - (a.slot ?? 0))[0]
        if (victim) remaining.splice(remaining.indexOf(victim), 1)
      }
      return remaining
    }
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 120 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 120, maxLength: 120 }),
        fc.nat({ max: 130 }),
        (numbers, nodes, desired) => {
          const kept = numbers.map((slot, i) => task(slot, nodes[i]))
          const out = scaleDown(kept, [], desired)
          const slotsOf = (tasks: readonly TaskStatus[]) => tasks.map((t) => t.slot)
          expect(slotsOf(out.kept)).toEqual(
            slotsOf(desired <= 0 ? [] : oneAtATime(kept, kept.length - desired)),
          )
        },
      ),
      { numRuns: 300, seed: 20261202 },
    )
  })
})
