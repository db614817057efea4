import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { ServiceSpec } from '../../src/model/spec.js'
import type { TaskStatus } from '../../src/model/status.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  doc,
  expectIdempotent,
  network,
  node,
  ready,
  removeDoc,
  service,
  setSpec,
  statusOf,
  volume,
  weave2,
  writeDocs,
} from '../support/cluster.js'

const track = cleanupAfterEach()
afterEach(() => vi.useRealTimers())

type Store = Awaited<ReturnType<typeof converge>>['store']
const nodes = [node('node1', { role: 'manager' }), node('node2')]
const tasks = (store: Store, name = 'web'): TaskStatus[] => statusOf(store, 'Service', name)?.tasks ?? []
const running = (store: Store, name = 'web') =>
  tasks(store, name).filter((t) => t.desiredState === 'running' && t.state === 'running')
const ids = (store: Store, name = 'web') => running(store, name).map((t) => t.id)

/** What a service uses, its manifest, and what the service says once the manifest is gone. */
const uses = [
  ['network', network('backend'), { networks: ['backend'] }, 'NetworkNotFound', 'network backend not found'],
  [
    'volume',
    volume('data'),
    { mounts: [{ source: 'data', target: '/data' }] },
    'VolumeNotFound',
    'volume data not found',
  ],
] as const
const specOf = (spec: (typeof uses)[number][2]) => structuredClone(spec) as unknown as Partial<ServiceSpec>

describe('a Network or Volume manifest deleted under running tasks', () => {
  test.each(uses)(
    '%s: the tasks keep running; new ones wait, naming it; back, nothing is replaced',
    async (_kind, manifest, spec, reason, message) => {
      const dir = track(cluster([...nodes, manifest, service('web', { replicas: 2, ...specOf(spec) })]))
      const before = ids((await converge(dir)).store)
      expect(before).toHaveLength(2)

      // A deleted file, or one missing from a fresh clone: Swarm would have refused to remove it in use.
      removeDoc(dir, manifest.kind, manifest.metadata.name)
      const gone = (await converge(dir)).store
      expect(ids(gone)).toEqual(before)
      expect(ready(gone, 'Service', 'web')).toMatchObject({
        status: 'True',
        message: `service web: 2/2 tasks running; new tasks wait: ${message}`,
      })
      expect(statusOf(gone, 'Service', 'web')?.updateStatus).toBeUndefined()

      // A new task cannot be given what is not there.
      setSpec(dir, 'Service', 'web', { replicas: 3 })
      const scaled = (await converge(dir)).store
      expect(ids(scaled)).toEqual(before)
      expect(
        tasks(scaled)
          .filter((t) => t.state === 'pending')
          .map((t) => t.message),
      ).toEqual([message])
      expect(ready(scaled, 'Service', 'web')).toMatchObject({
        status: 'False',
        reason,
        message: `service web: 2/3 tasks running; 1 pending: ${message}`,
      })

      writeDocs(dir, [manifest])
      const back = (await converge(dir)).store
      expect(ids(back)).toEqual(expect.arrayContaining(before))
      expect(ids(back)).toHaveLength(3)
      expect(tasks(back).filter((t) => t.desiredState === 'shutdown')).toEqual([])
      expect(statusOf(back, 'Service', 'web')?.updateStatus).toBeUndefined()
      expect(ready(back, 'Service', 'web')).toMatchObject({
        status: 'True',
        message: 'service web: 3/3 tasks running',
      })
    },
  )

  test.each(uses)('%s: idempotent while it is gone', async (_kind, manifest, spec) => {
    const dir = track(cluster([...nodes, manifest, service('web', { replicas: 2, ...specOf(spec) })]))
    await converge(dir)
    removeDoc(dir, manifest.kind, manifest.metadata.name)
    await expectIdempotent(dir)
  })

  test('a global service keeps its tasks; a new node gets none until the network is back', async () => {
    const dir = track(
      cluster([...nodes, network('backend'), service('agent', { mode: 'global', networks: ['backend'] })]),
    )
    const before = ids((await converge(dir)).store, 'agent')
    removeDoc(dir, 'Network', 'backend')
    writeDocs(dir, [node('node3')])
    const gone = (await converge(dir)).store
    expect(ids(gone, 'agent')).toEqual(before)
    expect(ready(gone, 'Service', 'agent')?.message).toBe(
      'service agent runs on 2 nodes; new tasks wait: network backend not found',
    )
    writeDocs(dir, [network('backend')])
    const back = (await converge(dir)).store
    expect(running(back, 'agent').map((t) => t.node)).toEqual(['node1', 'node2', 'node3'])
    expect(ids(back, 'agent')).toEqual(expect.arrayContaining(before))
  })

  test('no update starts while it is gone: an image edit rolls out once the network is back', async () => {
    const dir = track(
      cluster([...nodes, network('backend'), service('web', { replicas: 2, networks: ['backend'] })]),
    )
    const before = ids((await converge(dir)).store)
    removeDoc(dir, 'Network', 'backend')
    setSpec(dir, 'Service', 'web', { image: 'busybox:2' })
    const held = (await converge(dir)).store
    expect(ids(held)).toEqual(before)
    expect(running(held).map((t) => t.image)).toEqual(['busybox', 'busybox'])
    expect(statusOf(held, 'Service', 'web')?.updateStatus).toBeUndefined()
    expect(ready(held, 'Service', 'web')?.message).toBe(
      "service web: 2/2 tasks running; new tasks wait: network backend not found (the spec's new template waits too)",
    )
    writeDocs(dir, [network('backend')])
    const back = (await converge(dir)).store
    expect(running(back).map((t) => t.image)).toEqual(['busybox:2', 'busybox:2'])
    expect(statusOf(back, 'Service', 'web')?.updateStatus?.state).toBe('completed')
  })

  test('a network that is there but cannot run anywhere still stops the tasks (its driver gone)', async () => {
    const dir = track(
      cluster([
        ...nodes,
        weave2(),
        network('weave', { driver: 'bboreham/weave2' }),
        service('web', { networks: ['weave'] }),
      ]),
    )
    expect(ids((await converge(dir)).store)).toHaveLength(1)
    removeDoc(dir, 'Plugin', 'weave2')
    const after = (await converge(dir)).store
    expect(running(after)).toEqual([])
    expect(ready(after, 'Service', 'web')?.status).toBe('False')
  })
})

describe('what an update needs goes missing while it is under way', () => {
  const secret = doc('Secret', 'db-password', { file: 'db-password.txt' })
  const web = service('web', {
    image: 'nginx:1',
    replicas: 4,
    networks: ['backend'],
    secrets: ['db-password'],
    // Rollback on the first failure: a missing file must not count as one.
    updateConfig: { delay: '1h', failureAction: 'rollback' },
  })
  const cases: [string, (dir: string) => void, (dir: string) => void, string][] = [
    [
      'the secret file',
      (dir) => rmSync(join(dir, 'db-password.txt')),
      (dir) => writeFileSync(join(dir, 'db-password.txt'), 'pw'),
      'secret db-password is not ready',
    ],
    [
      'the network manifest',
      (dir) => removeDoc(dir, 'Network', 'backend'),
      (dir) => writeDocs(dir, [network('backend')]),
      'network backend not found',
    ],
  ]

  test.each(cases)(
    '%s: the update waits, failing nothing, and goes on when it is back',
    async (_what, remove, restore, waits) => {
      const dir = track(cluster([...nodes, network('backend'), secret, web]))
      writeFileSync(join(dir, 'db-password.txt'), 'pw')
      await converge(dir)
      setSpec(dir, 'Service', 'web', { image: 'nginx:2' })
      const first = (await converge(dir)).store
      const mid = running(first)
      expect(mid.map((t) => t.image).sort()).toEqual(['nginx:1', 'nginx:1', 'nginx:1', 'nginx:2'])
      const startedAt = statusOf(first, 'Service', 'web')?.updateStatus?.startedAt

      remove(dir)
      // Past the delay: the next batch is due, and would fail to place without what is gone.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 3_600_000 })
      const gone = (await converge(dir)).store
      expect(running(gone)).toEqual(mid)
      const update = statusOf(gone, 'Service', 'web')?.updateStatus
      expect(update).toMatchObject({ state: 'updating', startedAt })
      expect(update?.message).toContain(`update in progress: replacements wait: ${waits}`)
      expect(ready(gone, 'Service', 'web')).toMatchObject({ status: 'True' })
      expect(ready(gone, 'Service', 'web')?.message).toContain(`4/4 tasks running; new tasks wait: ${waits}`)

      restore(dir)
      const back = (await converge(dir)).store
      expect(
        running(back)
          .map((t) => t.image)
          .sort(),
      ).toEqual(['nginx:1', 'nginx:1', 'nginx:2', 'nginx:2'])
      expect(statusOf(back, 'Service', 'web')?.updateStatus).toMatchObject({
        state: 'updating',
        startedAt,
        message: 'update in progress',
      })
    },
  )

  test('a global service: the node-by-node update waits for the network, then goes on', async () => {
    const agent = service('agent', {
      image: 'agent:1',
      mode: 'global',
      networks: ['backend'],
      updateConfig: { delay: '1h' },
    })
    const dir = track(cluster([...nodes, network('backend'), agent]))
    await converge(dir)
    setSpec(dir, 'Service', 'agent', { image: 'agent:2' })
    const mid = running((await converge(dir)).store, 'agent')
    expect(mid.map((t) => [t.node, t.image])).toEqual([
      ['node1', 'agent:2'],
      ['node2', 'agent:1'],
    ])
    removeDoc(dir, 'Network', 'backend')
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 3_600_000 })
    const gone = (await converge(dir)).store
    expect(running(gone, 'agent')).toEqual(mid)
    expect(statusOf(gone, 'Service', 'agent')?.updateStatus).toMatchObject({
      state: 'updating',
      message: 'update in progress: replacements wait: network backend not found',
    })
    writeDocs(dir, [network('backend')])
    const back = (await converge(dir)).store
    expect(running(back, 'agent').map((t) => t.image)).toEqual(['agent:2', 'agent:2'])
    expect(statusOf(back, 'Service', 'agent')?.updateStatus?.state).toBe('completed')
  })
})
