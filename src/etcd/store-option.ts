import { Etcd3 } from 'etcd3'
import { storeOf } from '../engine/load-only.js'
import type { Store } from '../store/store.js'
import { EndpointError, objectsPrefix, parseEtcdEndpoint } from './endpoint.js'
import { createEtcdObjects } from './etcd-objects.js'

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
