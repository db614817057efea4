import { describe, expect, test } from 'vitest'
import type { Doc } from '../support/cluster.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  expectIdempotent,
  node,
  service,
  setSpec,
  statusOf,
  tasksPerNode,
} from '../support/cluster.js'

const track = cleanupAfterEach()

type Order = 'start-first' | 'stop-first'

/** A converged service web spread over `nodes`, then its image changed and converged again. */
async function rolled(nodes: Doc[], spec: Partial<Doc<'Service'>['spec']>) {
  const dir = track(cluster([...nodes, service('web', { image: 'nginx:1.25', replicas: 4, ...spec })]))
  const first = await converge(dir)
  const before = tasksPerNode(first.store, 'web')
  setSpec(dir, 'Service', 'web', { image: 'nginx:1.27' })
  const { store } = await converge(dir)
  return { dir, before, after: tasksPerNode(store, 'web'), status: statusOf(store, 'Service', 'web') }
}

const two = [node('node1', { role: 'manager' }), node('node2')]

describe('a rolling update keeps the spread it found', () => {
  test.each([
    // The colleague's case: both replacements of a batch went to node1 and the roll ended 3/1.
    [2, 'start-first'],
    [2, 'stop-first'],
    // One batch: every old task stays counted (start-first) while the four replacements are placed.
    [0, 'start-first'],
    [0, 'stop-first'],
    [1, 'start-first'],
    [1, 'stop-first'],
  ] as [number, Order][])(
    '4 replicas on 2 nodes, parallelism %i, %s: still 2/2',
    async (parallelism, order) => {
      const { dir, before, after, status } = await rolled(two, { updateConfig: { parallelism, order } })
      expect(before).toEqual({ node1: 2, node2: 2 })
      expect(status?.updateStatus?.state).toBe('completed')
      expect(
        (status?.tasks ?? []).filter((t) => t.state === 'running').every((t) => t.image === 'nginx:1.27'),
      ).toBe(true)
      expect(after).toEqual({ node1: 2, node2: 2 })
      await expectIdempotent(dir)
    },
  )

  test.each([
    [2, 'start-first'],
    [0, 'start-first'],
    [2, 'stop-first'],
  ] as [number, Order][])(
    '6 replicas on 3 nodes, parallelism %i, %s: still 2/2/2',
    async (parallelism, order) => {
      const three = [...two, node('node3')]
      const { before, after, status } = await rolled(three, {
        replicas: 6,
        updateConfig: { parallelism, order },
      })
      expect(before).toEqual({ node1: 2, node2: 2, node3: 2 })
      expect(status?.updateStatus?.state).toBe('completed')
      expect(after).toEqual({ node1: 2, node2: 2, node3: 2 })
    },
  )

  test('spread preferences: a zone-spread service keeps one task per node', async () => {
    const zoned = [
      node('node1', { role: 'manager' }, { zone: 'a' }),
      node('node2', {}, { zone: 'a' }),
      node('node3', {}, { zone: 'b' }),
      node('node4', {}, { zone: 'b' }),
    ]
    const spread = { placement: { preferences: [{ spread: 'node.labels.zone' }] } }
    const { before, after, status } = await rolled(zoned, {
      ...spread,
      updateConfig: { parallelism: 2, order: 'start-first' },
    })
    expect(status?.updateStatus?.state).toBe('completed')
    expect(after).toEqual(before)
    expect(after).toEqual({ node1: 1, node2: 1, node3: 1, node4: 1 })
  })

  test('start-first with room for one extra task per node: each node takes one replacement per batch', async () => {
    // 4 × 1 cpu on two 3-cpu nodes: a node holds its two old tasks and one new one, never two new ones.
    const small = [
      node('node1', { role: 'manager', resources: { cpus: 3 } }),
      node('node2', { resources: { cpus: 3 } }),
    ]
    const { after, status } = await rolled(small, {
      resources: { reservations: { cpus: 1 } },
      updateConfig: { parallelism: 2, order: 'start-first' },
    })
    expect(status?.updateStatus?.state).toBe('completed')
    expect(after).toEqual({ node1: 2, node2: 2 })
  })

  test('start-first: the old tasks of a batch keep their room until the batch is placed', async () => {
    // One 3-cpu node with two 1-cpu tasks: room for one extra task, so one replacement per batch.
    const one = [node('node1', { role: 'manager', resources: { cpus: 3 } })]
    const spec = (parallelism: number) => ({
      replicas: 2,
      resources: { reservations: { cpus: 1 } },
      updateConfig: { parallelism, order: 'start-first' as const },
    })
    const single = await rolled(one, spec(1))
    expect(single.status?.updateStatus?.state).toBe('completed')
    expect(single.after).toEqual({ node1: 2 })
    // Both replacements at once need room for four: the second waits, the update pauses, two tasks still run.
    const pair = await rolled(one, spec(2))
    expect(pair.status?.updateStatus?.state).toBe('paused')
    expect(pair.status?.updateStatus?.message).toMatch(/insufficient resources on 1 node/)
    expect(pair.after).toEqual({ node1: 2 })
  })
})
