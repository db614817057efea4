import { describe, expect, test } from 'vitest'
import { templateDigest } from '../../controllers/service/template.js'
import type { TaskStatus } from '../../src/model/status.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  editSpec,
  expectIdempotent,
  network,
  node,
  reconcileDir,
  service,
  setSpec,
  statusOf,
  weave2,
} from '../support/cluster.js'

const track = cleanupAfterEach()

const nodes: Doc[] = [node('node1', { role: 'manager' }), node('node2')]
const web = (spec: Partial<Doc<'Service'>['spec']> = {}) =>
  service('web', { image: 'nginx:1.25', replicas: 4, ...spec })

async function started(docs: Doc[], name = 'web') {
  const dir = track(cluster(docs))
  const { store } = await converge(dir)
  return { dir, before: tasks(store, name) }
}
const tasks = (store: Awaited<ReturnType<typeof converge>>['store'], name = 'web'): TaskStatus[] =>
  statusOf(store, 'Service', name)?.tasks ?? []
const running = (list: readonly TaskStatus[]) => list.filter((t) => t.desiredState === 'running')

describe('rolling updates through the service controller', () => {
  test('every task records the image and template digest it was made from; a first deployment has no updateStatus', async () => {
    const { dir, before } = await started([...nodes, web()])
    const digest = templateDigest({ image: 'nginx:1.25' })
    expect(before.map((t) => [t.image, t.template])).toEqual(Array(4).fill(['nginx:1.25', digest]))
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Service', 'web')?.updateStatus).toBeUndefined()
    expect(statusOf(store, 'Service', 'web')?.appliedSpec).toEqual({ image: 'nginx:1.25' })
  })

  test('an image change replaces every task: new ids, old ones kept as history on the old image', async () => {
    const { dir, before } = await started([...nodes, web()])
    setSpec(dir, 'Service', 'web', { image: 'nginx:1.27' })
    const { store } = await converge(dir)
    const after = tasks(store)
    expect(running(after).map((t) => t.image)).toEqual(Array(4).fill('nginx:1.27'))
    expect(running(after).some((t) => before.some((b) => b.id === t.id))).toBe(false)
    const history = after.filter((t) => t.desiredState === 'shutdown')
    expect(history.map((t) => [t.id, t.image, t.state])).toEqual(
      before.map((t) => [t.id, 'nginx:1.25', 'shutdown']),
    )
    const status = statusOf(store, 'Service', 'web')
    expect(status?.updateStatus).toMatchObject({ state: 'completed', message: 'update completed' })
    expect(status?.previousSpec).toEqual({ image: 'nginx:1.25' })
    expect(status?.appliedSpec).toEqual({ image: 'nginx:1.27' })
    await expectIdempotent(dir)
  })

  test.each([
    ['replicas', { replicas: 6 }],
    ['placement', { placement: { constraints: ['node.hostname!=node3'] } }],
    ['updateConfig', { updateConfig: { parallelism: 3 } }],
  ])('a %s-only change replaces nothing that still fits', async (_what, patch) => {
    const { dir, before } = await started([...nodes, web()])
    setSpec(dir, 'Service', 'web', patch)
    const { store } = await converge(dir)
    const after = tasks(store)
    for (const task of before) expect(after).toContainEqual(task)
    expect(after.filter((t) => t.desiredState === 'shutdown')).toEqual([])
    expect(statusOf(store, 'Service', 'web')?.updateStatus).toBeUndefined()
  })

  test('forceUpdate replaces every task even though nothing else changed', async () => {
    const { dir, before } = await started([...nodes, web()])
    setSpec(dir, 'Service', 'web', { forceUpdate: 1 })
    const { store } = await converge(dir)
    const now = running(tasks(store))
    expect(now).toHaveLength(4)
    expect(now.every((t) => !before.some((b) => b.id === t.id))).toBe(true)
    expect(now.every((t) => t.image === 'nginx:1.25')).toBe(true)
  })

  test('a template that fits nowhere pauses the update with the old tasks still running', async () => {
    const { dir, before } = await started([
      node('node1', { role: 'manager', resources: { cpus: 2 } }),
      node('node2', { resources: { cpus: 2 } }),
      web({ replicas: 2 }),
    ])
    setSpec(dir, 'Service', 'web', { image: 'nginx:1.27', resources: { reservations: { cpus: 4 } } })
    const { store } = await converge(dir)
    const status = statusOf(store, 'Service', 'web')
    expect(status?.updateStatus?.state).toBe('paused')
    expect(status?.updateStatus?.message).toContain(`task ${before[0]?.name}: `)
    expect(status?.updateStatus?.message).toContain('insufficient resources on 2 nodes')
    expect(running(tasks(store)).map((t) => [t.id, t.state, t.image])).toEqual(
      before.map((t) => [t.id, 'running', 'nginx:1.25']),
    )
    // Paused stays paused: reconciling again changes nothing.
    await expectIdempotent(dir)
  })

  test('failureAction rollback ends in rollback_completed on the old image, and holds there', async () => {
    const { dir, before } = await started([
      ...nodes,
      weave2(['node1']),
      network('weavenet', { driver: 'bboreham/weave2' }),
      web({ replicas: 2, updateConfig: { parallelism: 1, failureAction: 'rollback' } }),
    ])
    // The new template needs a node without the network plugin: node2 only.
    setSpec(dir, 'Service', 'web', {
      image: 'nginx:1.27',
      networks: ['weavenet'],
      placement: { constraints: ['node.hostname==node2'] },
    })
    const { store } = await converge(dir)
    const status = statusOf(store, 'Service', 'web')
    expect(status?.updateStatus?.state).toBe('rollback_completed')
    expect(status?.updateStatus?.message).toBe('rollback completed')
    expect(running(tasks(store)).map((t) => t.image)).toEqual(['nginx:1.25', 'nginx:1.25'])
    // Only the constraint pushed the old tasks off node1: they run on node2 with the old template.
    expect(running(tasks(store)).every((t) => t.template === before[0]?.template)).toBe(true)
    await expectIdempotent(dir)
  })

  test('start-first needs room for both; stop-first frees the old task first (a node with room for one)', async () => {
    const one = [node('node1', { role: 'manager', resources: { cpus: 1 } })]
    const order = async (o: 'start-first' | 'stop-first') => {
      const { dir } = await started([
        ...one,
        web({ replicas: 1, resources: { reservations: { cpus: 1 } }, updateConfig: { order: o } }),
      ])
      setSpec(dir, 'Service', 'web', { image: 'nginx:1.27' })
      const { store } = await converge(dir)
      return statusOf(store, 'Service', 'web')
    }
    const start = await order('start-first')
    expect(start?.updateStatus?.state).toBe('paused')
    expect(running(start?.tasks ?? []).map((t) => t.image)).toEqual(['nginx:1.25'])
    const stop = await order('stop-first')
    expect(stop?.updateStatus?.state).toBe('completed')
    expect(running(stop?.tasks ?? []).map((t) => [t.image, t.node])).toEqual([['nginx:1.27', 'node1']])
  })

  test('a global service rolls node by node', async () => {
    const { dir } = await started(
      [...nodes, service('agent', { image: 'agent:1', mode: 'global', updateConfig: { delay: '1h' } })],
      'agent',
    )
    setSpec(dir, 'Service', 'agent', { image: 'agent:2' })
    const first = await converge(dir)
    expect(first.requeueAfter).toBeGreaterThan(3_500_000)
    const now = running(tasks(first.store, 'agent'))
    expect(now.map((t) => [t.node, t.image])).toEqual([
      ['node1', 'agent:2'],
      ['node2', 'agent:1'],
    ])
    expect(statusOf(first.store, 'Service', 'agent')?.updateStatus?.state).toBe('updating')
  })

  test('history stays bounded: at most five tasks per slot', async () => {
    const { dir } = await started([...nodes, web({ replicas: 1 })])
    for (let i = 1; i <= 7; i++) {
      editSpec(dir, 'Service', 'web', (spec) => {
        spec.forceUpdate = i
      })
      await converge(dir)
    }
    const { store } = await reconcileDir(dir)
    const all = tasks(store)
    expect(all).toHaveLength(5)
    expect(all[0]?.desiredState).toBe('running')
  })

  test('a rollback is a normal spec change: spec back to previousSpec rolls out with rollbackConfig', async () => {
    const { dir } = await started([...nodes, web({ rollbackConfig: { parallelism: 0 } })])
    setSpec(dir, 'Service', 'web', { image: 'nginx:1.27' })
    await converge(dir)
    setSpec(dir, 'Service', 'web', { image: 'nginx:1.25' })
    const { store } = await converge(dir)
    const status = statusOf(store, 'Service', 'web')
    expect(status?.updateStatus?.state).toBe('rollback_completed')
    expect(running(tasks(store)).map((t) => t.image)).toEqual(Array(4).fill('nginx:1.25'))
  })
})

describe('an update under way', () => {
  test('a replicas edit between batches neither restarts the update nor skips its delay', async () => {
    const dir = track(cluster([...nodes, web({ updateConfig: { delay: '1h' } })]))
    await converge(dir)
    setSpec(dir, 'Service', 'web', { image: 'nginx:1.27' })
    const first = await converge(dir)
    const started = statusOf(first.store, 'Service', 'web')?.updateStatus
    expect(started?.state).toBe('updating')
    setSpec(dir, 'Service', 'web', { replicas: 5 })
    const { store } = await converge(dir)
    const status = statusOf(store, 'Service', 'web')
    expect(status?.updateStatus).toEqual(started)
    // One task from the first batch, one for the new slot: both on the new image; the rest wait.
    expect(running(status?.tasks ?? []).map((t) => t.image)).toEqual([
      'nginx:1.27',
      'nginx:1.25',
      'nginx:1.25',
      'nginx:1.25',
      'nginx:1.27',
    ])
  })
})

describe('while an update is paused', () => {
  test('a slot whose old task must go runs the last rolled-out template rather than wait for one that fits nowhere', async () => {
    const { dir } = await started([
      node('node1', { role: 'manager', resources: { cpus: 2 } }),
      node('node2', { resources: { cpus: 2 } }),
      node('node3', { resources: { cpus: 2 } }),
      web({ replicas: 2, placement: { maxReplicasPerNode: 1 } }),
    ])
    setSpec(dir, 'Service', 'web', { image: 'nginx:1.27', resources: { reservations: { cpus: 4 } } })
    const paused = await converge(dir)
    expect(statusOf(paused.store, 'Service', 'web')?.updateStatus?.state).toBe('paused')
    const drained = running(tasks(paused.store))[0]?.node as string
    setSpec(dir, 'Node', drained, { availability: 'drain' })
    const { store } = await converge(dir)
    const now = running(tasks(store))
    expect(now.map((t) => [t.state, t.image])).toEqual([
      ['running', 'nginx:1.25'],
      ['running', 'nginx:1.25'],
    ])
    expect(now.some((t) => t.node === drained)).toBe(false)
    expect(statusOf(store, 'Service', 'web')?.updateStatus?.state).toBe('paused')
    await expectIdempotent(dir)
  })
})
