import { Etcd3 } from 'etcd3'
import { storeOf } from '../engine/load-only.js'
import { parseInterval } from '../gitops/interval.js'
import type { Store } from '../store/store.js'
import type { EtcdEndpoint } from './endpoint.js'
import { EndpointError, objectsPrefix, parseEtcdEndpoint } from './endpoint.js'
import { createEtcdObjects } from './etcd-objects.js'

/** `--store` and `--lease-ttl` of `berth watch`, checked: a usage error names the flag. */
export function parseStoreOptions(opts: {
  store?: string
  leaseTtl?: string
}): { endpoint: EtcdEndpoint; ttlSeconds: number } | undefined {
  if (opts.store === undefined) return undefined
  const endpoint = parseEtcdEndpoint(opts.store)
  const ms = parseInterval(opts.leaseTtl ?? '15s')
  if (ms === undefined || ms % 1000 !== 0)
    throw new EndpointError(`--lease-ttl: expected whole seconds such as 5s or 15s, got "${opts.leaseTtl}"`)
  return { endpoint, ttlSeconds: ms / 1000 }
}

/** Everything under the prefix of `url`, as the reading commands' store: what the cluster holds now. */
export async function readEtcdStore(url: string): Promise<Store> {
  const endpoint = parseEtcdEndpoint(url)
  const client = new Etcd3({ hosts: [...endpoint.hosts], dialTimeout: 3000 })
  try {
    const { objects } = await createEtcdObjects({ client, prefix: objectsPrefix(endpoint) })
      .list()
      .catch((error: Error) => {
        throw new EndpointError(`cannot reach etcd at ${endpoint.hosts.join(', ')}: ${error.message}`)
      })
    return storeOf(objects.map((o) => o.resource)).store
  } finally {
    client.close()
  }
}
