import { randomUUID } from 'node:crypto'
import { Etcd3 } from 'etcd3'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { createEtcdObjects } from '../../src/etcd/etcd-objects.js'
import type { AnyResource } from '../../src/model/resource.js'
import type { ObjectStore, StoreEvent } from '../../src/store/contract.js'
import { createMemoryObjects } from '../../src/store/memory-objects.js'
import { openMirror } from '../../src/store/mirror.js'

const clients: Etcd3[] = []
afterAll(() => {
  for (const c of clients) c.close()
})
const etcdClient = () => {
  const client = new Etcd3({ hosts: `http://${inject('etcdMember')}` })
  clients.push(client)
  return client
}

/** One contract, every backend: each test gets a fresh, empty store. */
const backends: [string, () => ObjectStore][] = [
  ['memory', createMemoryObjects],
  ['etcd', () => createEtcdObjects({ client: etcdClient(), prefix: `/contract/${randomUUID()}/` })],
]

const web = (replicas: number, status?: unknown) =>
  ({
    kind: 'Service',
    name: 'web',
    labels: {},
    spec: { image: 'nginx', replicas },
    status,
    generation: 1,
    specDigest: `d${replicas}`,
    source: { file: 'web.yaml', doc: 0, line: 1, col: 1 },
  }) as unknown as AnyResource

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(check()).toBe(true)
}

describe.each(backends)('the store contract on %s', (_name, open) => {
  test('create only when absent; replace only at the revision last seen', async () => {
    const store = open()
    const created = await store.put(web(1), 0)
    if (!created.ok) throw new Error('create refused')
    const again = await store.put(web(2), 0)
    expect(again).toMatchObject({ ok: false, reason: 'conflict' })
    if (!again.ok && again.reason === 'conflict') expect(again.current?.revision).toBe(created.revision)
    const replaced = await store.put(web(3), created.revision)
    expect(replaced.ok).toBe(true)
    // A writer still holding the first revision is refused: no lost update.
    expect(await store.put(web(4), created.revision)).toMatchObject({ ok: false, reason: 'conflict' })
    const current = await store.get('Service/web')
    expect(current?.resource.spec).toEqual({ image: 'nginx', replicas: 3 })
    expect(current?.revision).toBe(replaced.ok ? replaced.revision : -1)
  })

  test('remove only at the revision last seen', async () => {
    const store = open()
    const created = await store.put(web(1), 0)
    if (!created.ok) throw new Error('create refused')
    expect(await store.remove('Service/web', created.revision - 1)).toMatchObject({ ok: false })
    expect((await store.remove('Service/web', created.revision)).ok).toBe(true)
    expect(await store.get('Service/web')).toBeUndefined()
    expect((await store.list()).objects).toEqual([])
  })

  test('a watch from a listing sees every later change, in order, with the revisions writes returned', async () => {
    const store = open()
    await store.put(web(1), 0)
    const listing = await store.list()
    const events: StoreEvent[] = []
    const stop = await store.watch(listing.revision, (e) => events.push(e))
    const first = listing.objects[0]?.revision ?? 0
    const a = await store.put(web(2), first)
    const b = a.ok ? await store.remove('Service/web', a.revision) : a
    await until(() => events.length === 2)
    await stop()
    expect(events.map((e) => e.type)).toEqual(['put', 'delete'])
    expect(events[0]?.type === 'put' && events[0].object.revision).toBe(a.ok && a.revision)
    expect(events[1]?.type === 'delete' && events[1].revision).toBe(b.ok && b.revision)
  })

  test('two mirrors: a status written by one reaches the other; a stale writer takes the newer version', async () => {
    const store = open()
    await store.put(web(1), 0)
    const seen: string[][] = []
    const a = await openMirror(store, { mode: 'write' })
    const b = await openMirror(store, { mode: 'write', onRemote: (keys) => seen.push([...keys]) })
    a.store.setStatus('Service', 'web', { observedGeneration: 1 } as never)
    await a.flush()
    await until(() => b.store.get('Service', 'web')?.status !== undefined)
    expect(seen).toContainEqual(['Service/web'])
    // Both change the same object at once: exactly one write lands, the other is refused and
    // its mirror takes the version that won.
    a.store.setStatus('Service', 'web', { observedGeneration: 2 } as never)
    b.store.setStatus('Service', 'web', { observedGeneration: 3 } as never)
    await Promise.all([a.flush(), b.flush()])
    expect(a.conflicts() + b.conflicts()).toBe(1)
    const stored = (await store.get('Service/web'))?.resource.status
    await until(
      () =>
        JSON.stringify(a.store.get('Service', 'web')?.status) === JSON.stringify(stored) &&
        JSON.stringify(b.store.get('Service', 'web')?.status) === JSON.stringify(stored),
    )
    await a.close()
    await b.close()
  })

  test('a read mirror never writes', async () => {
    const store = open()
    await store.put(web(1), 0)
    const reader = await openMirror(store, { mode: 'read' })
    reader.store.setStatus('Service', 'web', { observedGeneration: 9 } as never)
    await reader.flush()
    expect((await store.get('Service/web'))?.resource.status).toBeUndefined()
    await reader.close()
  })
})

describe('fencing on etcd', () => {
  test('a write whose lease no longer holds the leader key is refused as fenced, and nothing is written', async () => {
    const client = etcdClient()
    const root = `/fence/${randomUUID()}`
    const old = client.lease(60)
    const oldId = await old.grant()
    await old.put(`${root}/leader`).value('old').exec()
    let fence = { key: `${root}/leader`, lease: oldId }
    const store = createEtcdObjects({ client, prefix: `${root}/objects/`, fence: () => fence })
    const created = await store.put(web(1), 0)
    expect(created.ok).toBe(true)
    // The old leader's lease ends; a new leader takes the key with its own lease.
    await old.revoke()
    const next = client.lease(60)
    const nextId = await next.grant()
    await next.put(`${root}/leader`).value('new').exec()
    const late = await store.put(web(5), created.ok ? created.revision : 0)
    expect(late).toEqual({ ok: false, reason: 'fenced' })
    expect((await store.get('Service/web'))?.resource.spec).toEqual({ image: 'nginx', replicas: 1 })
    fence = { key: `${root}/leader`, lease: nextId }
    expect((await store.put(web(5), created.ok ? created.revision : 0)).ok).toBe(true)
    await next.revoke()
  })
})
