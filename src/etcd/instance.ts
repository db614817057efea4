import { hostname } from 'node:os'
import path from 'node:path'
import type { DaemonOptions } from '../daemon/daemon.js'
import type { ResourceKey } from '../model/kinds.js'
import { etcdClient } from './client.js'
import type { EtcdEndpoint } from './endpoint.js'
import { leaderKey, objectsPrefix } from './endpoint.js'
import { createEtcdObjects } from './etcd-objects.js'
import { startLeading } from './lead.js'
import type { Leadership } from './leader.js'
import { campaign } from './leader.js'
import { startStandby } from './standby.js'

export interface EtcdInstanceOptions extends Omit<DaemonOptions, 'store'> {
  readonly endpoint: EtcdEndpoint
  readonly ttlSeconds: number
}

export interface EtcdInstance {
  /** Stops: a leader finishes its writes and resigns, so a standby takes over at once. */
  stop(): Promise<void>
}

export class EtcdUnreachableError extends Error {}

/**
 * `berth watch --store etcd://…`: one of several instances sharing one etcd.
 * Each term it stands by (following etcd into its checkout) while it
 * campaigns; once it leads it runs the daemon on etcd until it stops or
 * loses the lease, then steps down, loudly, and stands by again.
 */
export async function startEtcdInstance(options: EtcdInstanceOptions): Promise<EtcdInstance> {
  const { endpoint, log } = options
  const client = etcdClient(endpoint)
  try {
    await client.get(leaderKey(endpoint)).exec()
  } catch (error) {
    client.close()
    throw new EtcdUnreachableError(
      `cannot reach etcd at ${endpoint.hosts.join(', ')}: ${(error as Error).message}`,
    )
  }
  const identity = `${hostname()}:${process.pid}:${path.resolve(options.dir)}`
  const prefix = objectsPrefix(endpoint)
  let stopping = false
  let wake: () => void = () => {}
  const stopped = new Promise<void>((resolve) => {
    wake = resolve
  })

  const term = async () => {
    const standby = await startStandby({
      dir: options.dir,
      objects: createEtcdObjects({ client, prefix }),
      validator: options.validator,
      log,
    })
    let leadership: Leadership | undefined
    try {
      leadership = await campaign(
        { client, key: leaderKey(endpoint), identity, ttlSeconds: options.ttlSeconds },
        (leader) => log.info(`standing by: the leader is ${leader}`, { leader }),
        () => stopping,
      )
    } finally {
      await standby.stop()
    }
    if (!leadership) return
    const held = leadership
    log.info(`became the leader (lease ${held.fence.lease}, ttl ${options.ttlSeconds}s)`, {
      lease: held.fence.lease,
    })
    let refused: (key: ResourceKey) => void = () => {}
    const fenced = new Promise<string>((resolve) => {
      refused = (key) =>
        resolve(`etcd refused the write of ${key}: lease ${held.fence.lease} no longer holds the leader key`)
    })
    let broke: (error: Error) => void = () => {}
    const broken = new Promise<string>((resolve) => {
      broke = (error) => resolve(`the watch on etcd broke (${error.message})`)
    })
    const daemon = await startLeading({
      ...options,
      objects: createEtcdObjects({ client, prefix, fence: () => held.fence }),
      onFenced: (key) => {
        log.error(`write refused: ${key}: this instance is no longer the leader`, { key })
        refused(key)
      },
      onBroken: (error) => broke(error),
    })
    const why = await Promise.race([
      held.lost.then((m) => `the lease expired or was revoked (${m})`),
      fenced,
      broken,
      stopped.then(() => undefined),
    ])
    if (why === undefined) {
      await daemon.stop()
      await held.resign().catch(() => undefined)
      log.info('resigned leadership')
      return
    }
    log.error(`lost leadership: ${why}; stepping down to standby`, { lease: held.fence.lease })
    await daemon.stop()
    // The lease may still be alive (the key was taken, not expired): end it, it fences nothing now.
    await held.resign().catch(() => undefined)
  }

  const loop = (async () => {
    while (!stopping) {
      try {
        await term()
      } catch (error) {
        if (stopping) break
        log.error(`etcd: ${(error as Error).message}; retrying in 1 s`)
        await new Promise((r) => setTimeout(r, 1000))
      }
    }
  })()

  return {
    async stop() {
      stopping = true
      wake()
      await loop
      client.close()
    },
  }
}
