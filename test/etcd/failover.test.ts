import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Etcd3 } from 'etcd3'
import { afterEach, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import type { EtcdCluster } from '../../bench/etcd-cluster.js'
import { startEtcd } from '../../bench/etcd-cluster.js'
import { parseEtcdEndpoint } from '../../src/etcd/endpoint.js'
import { readEtcdStore } from '../../src/etcd/store-option.js'
import type { ServiceStatus, TaskStatus } from '../../src/model/status.js'
import type { RunningDaemon } from '../e2e/daemon.js'
import { startWatch, waitFor } from '../e2e/daemon.js'
import { cleanup, cluster, node, service, tempDir } from '../support/cluster.js'
import { asRead } from '../support/read-status.js'

/** Short enough to keep the test bounded, long enough not to flap on a loaded machine. */
const TTL_S = 3
const FILE = 'service-web.yaml'

interface Scenario {
  readonly etcd: EtcdCluster
  readonly dirs: readonly string[]
  readonly instances: RunningDaemon[]
}
let current: Scenario | undefined

afterEach(async () => {
  if (!current) return
  for (const i of current.instances) {
    if (i.child.exitCode === null && i.child.signalCode === null) {
      i.child.kill('SIGCONT')
      await i.stop('SIGKILL')
    }
  }
  await current.etcd.stop()
  for (const d of current.dirs) cleanup(d)
  current = undefined
})

/** Three members of etcd, three checkouts of one cluster, three `berth watch --store` on them. */
async function scenario(ttlSeconds = TTL_S): Promise<Scenario> {
  const etcd = await startEtcd(3)
  const first = cluster([node('node1', { role: 'manager' }), node('node2'), service('web', { replicas: 4 })])
  const dirs = [first, tempDir(), tempDir()]
  for (const d of dirs.slice(1)) cpSync(first, d, { recursive: true })
  const args = ['--store', etcd.url(), '--lease-ttl', `${ttlSeconds}s`]
  const instances: RunningDaemon[] = []
  current = { etcd, dirs, instances }
  instances.push(startWatch(dirs[0] as string, args))
  await waitFor(() => instances[0]?.log().includes('became the leader'), 20_000, 'a first leader')
  for (const d of dirs.slice(1)) instances.push(startWatch(d, args))
  await waitFor(
    () => instances.slice(1).every((i) => i.log().includes('standing by: the leader is')),
    20_000,
    'two standbys',
  )
  return current
}

const leaderIndex = (s: Scenario, among: readonly number[]) =>
  among.find((i) => {
    const log = s.instances[i]?.log() ?? ''
    return log.lastIndexOf('became the leader') > log.lastIndexOf('lost leadership')
  })

/** The web service as etcd holds it. */
async function webInEtcd(s: Scenario, members?: readonly string[]) {
  const url = members ? `etcd://${members.join(',')}/berth` : s.etcd.url()
  return (await readEtcdStore(parseEtcdEndpoint(url))).get('Service', 'web')
}

const checkoutStatus = (dir: string) =>
  (asRead(parse(readFileSync(join(dir, FILE), 'utf8'))) as { status?: ServiceStatus }).status

const running = (tasks: readonly TaskStatus[] | undefined) =>
  (tasks ?? []).filter((t) => t.desiredState === 'running' && t.state === 'running')

/** Every live task has its own id and slot: none placed twice. */
function expectNoTwice(tasks: readonly TaskStatus[]) {
  expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length)
  expect(new Set(tasks.map((t) => t.slot)).size).toBe(tasks.length)
}

const scaleIn = (dir: string, replicas: number) => {
  const path = join(dir, FILE)
  writeFileSync(path, readFileSync(path, 'utf8').replace(/replicas: \d+/, `replicas: ${replicas}`))
}

async function converged(
  s: Scenario,
  replicas: number,
  dirs: readonly string[],
  members?: readonly string[],
) {
  type Web = NonNullable<Awaited<ReturnType<typeof webInEtcd>>>
  const web = (await waitFor(
    async () => {
      const w = await webInEtcd(s, members)
      return running(w?.status?.tasks).length === replicas && w?.status?.observedGeneration === w?.generation
        ? w
        : undefined
    },
    30_000,
    `${replicas} running tasks in etcd`,
  )) as Web
  // Status complete in every checkout: what etcd holds.
  for (const d of dirs)
    await waitFor(
      () => JSON.stringify(checkoutStatus(d)?.tasks) === JSON.stringify(web.status?.tasks),
      30_000,
      `etcd's status in ${d}`,
    )
  return web
}

describe('three berth instances on a three-member etcd', () => {
  test('SIGKILL the leader: another leads within the lease TTL; no task placed twice, no task id changed', async () => {
    const s = await scenario()
    const before = await converged(s, 4, s.dirs)
    const ids = running(before.status?.tasks).map((t) => t.id)
    const killedAt = Date.now()
    s.instances[0]?.child.kill('SIGKILL')
    const next = (await waitFor(() => leaderIndex(s, [1, 2]), 4 * TTL_S * 1000, 'a new leader')) as number
    const takeoverMs = Date.now() - killedAt
    console.log(`takeover after SIGKILL of the leader: ${takeoverMs} ms (lease TTL ${TTL_S} s)`)
    // The lease outlives the dead leader by at most its TTL; the standby's watch sees the key go at once.
    expect(takeoverMs).toBeLessThan(TTL_S * 1000 + 2000)
    const after = await converged(s, 4, s.dirs.slice(1))
    expect(running(after.status?.tasks).map((t) => t.id)).toEqual(ids)
    // The new leader goes on: a scale-up keeps the four ids and adds two, once each.
    for (const d of s.dirs.slice(1)) scaleIn(d, 6)
    const grown = await converged(s, 6, s.dirs.slice(1))
    const tasks = running(grown.status?.tasks)
    expectNoTwice(tasks)
    expect(tasks.map((t) => t.id)).toEqual(expect.arrayContaining(ids))
    expect(s.instances[next]?.log()).toContain('service web: 6/6 running')
  })

  test('SIGKILL one etcd member: reconciling goes on', async () => {
    const s = await scenario()
    const before = await converged(s, 4, s.dirs)
    s.etcd.signal(0, 'SIGKILL')
    for (const d of s.dirs) scaleIn(d, 2)
    const survivors = s.etcd.members.slice(1)
    const after = await converged(s, 2, s.dirs, survivors)
    const kept = running(after.status?.tasks)
    expectNoTwice(kept)
    for (const t of kept) expect(running(before.status?.tasks).map((b) => b.id)).toContain(t.id)
  })

  test('SIGSTOP the leader past its TTL, SIGCONT it: its late writes never land and it steps down', async () => {
    const s = await scenario()
    await converged(s, 4, s.dirs)
    const old = s.instances[0] as RunningDaemon
    old.child.kill('SIGSTOP')
    await waitFor(() => leaderIndex(s, [1, 2]), 4 * TTL_S * 1000, 'a new leader')
    // While it is frozen, its checkout gets an edit the others do not: on waking it tries to write it.
    scaleIn(s.dirs[0] as string, 1)
    old.child.kill('SIGCONT')
    await waitFor(() => old.log().includes('lost leadership'), 20_000, 'the old leader stepping down')
    expect(old.log()).toMatch(/error: lost leadership: (the lease expired|etcd refused the write)/)
    await waitFor(
      () => old.log().lastIndexOf('standing by: the leader is') > old.log().lastIndexOf('lost leadership'),
      20_000,
      'the old leader standing by',
    )
    // The deposed leader's edit never reached etcd; the cluster still runs what the others hold.
    const web = await webInEtcd(s)
    expect(web?.spec.replicas).toBe(4)
    expect(running(web?.status?.tasks)).toHaveLength(4)
    // And its checkout shows the cluster as etcd has it.
    await waitFor(
      () => JSON.stringify(checkoutStatus(s.dirs[0] as string)?.tasks) === JSON.stringify(web?.status?.tasks),
      20_000,
      "etcd's status in the old leader's checkout",
    )
  })

  test('the leader key taken from a live leader: its next write is refused and it steps down', async () => {
    const s = await scenario()
    await converged(s, 4, s.dirs)
    // As after a partition: the key goes (here by hand), a standby takes it with its own lease,
    // and the old leader, whose lease is still alive, does not know yet.
    const client = new Etcd3({ hosts: s.etcd.members.map((m) => `http://${m}`) })
    try {
      await client.delete().key('/berth/leader').exec()
    } finally {
      client.close()
    }
    await waitFor(() => leaderIndex(s, [1, 2]), 20_000, 'a standby taking the key')
    const old = s.instances[0] as RunningDaemon
    scaleIn(s.dirs[0] as string, 1)
    await waitFor(() => old.log().includes('lost leadership'), 20_000, 'the old leader stepping down')
    // The first write refused may be the spec or a status the edit changed; every later one is dropped.
    expect(old.log()).toMatch(
      /error: write refused: (Service|Node)\/\S+: this instance is no longer the leader/,
    )
    expect(old.log()).toMatch(/error: lost leadership: etcd refused the write of (Service|Node)\//)
    const web = await webInEtcd(s)
    expect(web?.spec.replicas).toBe(4)
    expect(running(web?.status?.tasks)).toHaveLength(4)
  })

  test('SIGTERM the leader: it resigns, and a standby takes over without waiting for the lease to expire', async () => {
    const ttl = 60
    const s = await scenario(ttl)
    await converged(s, 4, s.dirs)
    const stoppedAt = Date.now()
    expect(await s.instances[0]?.stop('SIGTERM')).toBe(0)
    expect(s.instances[0]?.log()).toContain('resigned leadership')
    await waitFor(() => leaderIndex(s, [1, 2]), (ttl / 2) * 1000, 'a new leader')
    const takeoverMs = Date.now() - stoppedAt
    console.log(`takeover after SIGTERM of the leader: ${takeoverMs} ms (lease TTL ${ttl} s)`)
    // Far less than the 60 s lease: the resignation revoked it.
    expect(takeoverMs).toBeLessThan((ttl / 2) * 1000)
  })
})
