import type { Etcd3, Lease } from 'etcd3'
import type { Fence } from './etcd-objects.js'

/** Leadership held: the fence every write carries, and how it ends. */
export interface Leadership {
  readonly fence: Fence
  /** Resolves, with the reason, when etcd says the lease is gone (expired, revoked). */
  readonly lost: Promise<string>
  /** Gives leadership up at once (revokes the lease): a standby takes over without waiting for the TTL. */
  resign(): Promise<void>
}

export interface ElectionOptions {
  readonly client: Etcd3
  /** The leader key: whoever's lease it is attached to leads. */
  readonly key: string
  /** What this instance calls itself in logs (host, pid, directory). */
  readonly identity: string
  readonly ttlSeconds: number
}

/**
 * Campaigns for leadership, Kubernetes' way: grant a lease with the TTL, then
 * create the leader key attached to it only if no one holds it (a
 * transaction on its create revision). While another holds it, report who
 * (`onStandby`) and wait for the key to go: its holder resigned, or stopped
 * renewing and the lease expired. The lease id is the fencing token.
 */
export async function campaign(
  options: ElectionOptions,
  onStandby: (leader: string) => void,
  stopped: () => boolean,
): Promise<Leadership | undefined> {
  const { client, key } = options
  let lease: Lease | undefined
  let lost: Promise<string> = Promise.resolve('')
  let alive = false
  const grant = async () => {
    const fresh = client.lease(options.ttlSeconds)
    alive = true
    lost = new Promise<string>((resolve) =>
      fresh.on('lost', (error) => {
        alive = false
        resolve(error.message)
      }),
    )
    await fresh.grant()
    return fresh
  }
  let lastLeader: string | undefined
  while (!stopped()) {
    if (!lease || !alive) lease = await grant()
    const id = await lease.grant()
    const result = await client
      .if(key, 'Create', '==', 0)
      .then(client.put(key).value(options.identity).lease(id))
      .else(client.get(key))
      .commit()
    if (result.succeeded) {
      const held = lease
      return { fence: { key, lease: id }, lost, resign: () => held.revoke() }
    }
    const holder = result.responses[0]?.response_range?.kvs?.[0]
    if (!holder) continue
    if (holder.lease === id) {
      const held = lease
      return { fence: { key, lease: id }, lost, resign: () => held.revoke() }
    }
    const leader = holder.value.toString('utf8')
    if (leader !== lastLeader) onStandby(leader)
    lastLeader = leader
    await keyChanged(client, key, Number(result.header.revision), stopped)
  }
  await lease?.revoke().catch(() => undefined)
  return undefined
}

/** Resolves when `key` is deleted or rewritten after `revision`, or once a second when stopping. */
async function keyChanged(client: Etcd3, key: string, revision: number, stopped: () => boolean) {
  const watcher = await client
    .watch()
    .key(key)
    .startRevision(String(revision + 1))
    .create()
  try {
    await new Promise<void>((resolve) => {
      watcher.on('delete', () => resolve())
      watcher.on('put', () => resolve())
      // A watch etcd will not resume: look at the key again.
      watcher.on('error', () => resolve())
      const poll = setInterval(() => {
        if (stopped()) {
          clearInterval(poll)
          resolve()
        }
      }, 1000)
      watcher.on('delete', () => clearInterval(poll))
      watcher.on('put', () => clearInterval(poll))
      watcher.on('error', () => clearInterval(poll))
    })
  } finally {
    await watcher.cancel()
  }
}
