import type { Etcd3, IKeyValue } from 'etcd3'
import type { ResourceKey } from '../model/kinds.js'
import { resourceKey } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'
import type { ObjectStore, StoredObject, WriteResult } from '../store/contract.js'

/** A leader's fencing token: its writes hold only while `key` is still attached to `lease`. */
export interface Fence {
  readonly key: string
  readonly lease: string
}

export interface EtcdObjectsOptions {
  readonly client: Etcd3
  /** Ends with `/`; an object lives at `<prefix><Kind>/<name>`. */
  readonly prefix: string
  /** The fence to check on every write, when this instance writes as a leader. */
  readonly fence?: () => Fence | undefined
}

/**
 * The store contract on etcd, as Kubernetes keeps its objects: one key per
 * object under a prefix, the object as JSON, `mod_revision` as its version.
 * Every write is one transaction: compare the object's `mod_revision` (and
 * the leader key's lease, when fenced), then put or delete.
 */
export function createEtcdObjects(options: EtcdObjectsOptions): ObjectStore {
  const { client, prefix } = options
  const keyOf = (key: ResourceKey) => `${prefix}${key}`
  const decode = (kv: IKeyValue): StoredObject => {
    const resource = JSON.parse(kv.value.toString('utf8')) as AnyResource
    return { key: resourceKey(resource.kind, resource.name), resource, revision: Number(kv.mod_revision) }
  }

  const write = async (key: ResourceKey, expected: number, op: 'put' | 'delete', value?: string) => {
    const fence = options.fence?.()
    let txn = client.if(keyOf(key), 'Mod', '==', expected)
    if (fence) txn = txn.and(fence.key, 'Lease', '==', fence.lease)
    const action = op === 'put' ? client.put(keyOf(key)).value(value ?? '') : client.delete().key(keyOf(key))
    const result = await txn
      .then(action)
      .else(client.get(keyOf(key)), ...(fence ? [client.get(fence.key)] : []))
      .commit()
    if (result.succeeded) return { ok: true, revision: Number(result.header.revision) } as WriteResult
    const [mine, leader] = result.responses.map((r) => r.response_range?.kvs?.[0])
    if (fence && leader?.lease !== fence.lease) return { ok: false, reason: 'fenced' } as WriteResult
    return { ok: false, reason: 'conflict', current: mine ? decode(mine) : undefined } as WriteResult
  }

  return {
    async list() {
      const response = await client.getAll().prefix(prefix).exec()
      return { objects: response.kvs.map(decode), revision: Number(response.header.revision) }
    },
    async get(key) {
      const response = await client.get(keyOf(key)).exec()
      const kv = response.kvs[0]
      return kv ? decode(kv) : undefined
    },
    put: (resource, expected) =>
      write(resourceKey(resource.kind, resource.name), expected, 'put', JSON.stringify(resource)),
    remove: (key, expected) => write(key, expected, 'delete'),
    async watch(revision, listener, onBroken) {
      const watcher = await client
        .watch()
        .prefix(prefix)
        .startRevision(String(revision + 1))
        .create()
      watcher.on('put', (kv) => listener({ type: 'put', object: decode(kv) }))
      watcher.on('delete', (kv) =>
        listener({
          type: 'delete',
          key: kv.key.toString('utf8').slice(prefix.length) as ResourceKey,
          revision: Number(kv.mod_revision),
        }),
      )
      // etcd3 reconnects a dropped stream itself; an `error` is a watch etcd will not resume.
      watcher.on('error', (error) => onBroken?.(error))
      return () => watcher.cancel()
    },
    async close() {},
  }
}
