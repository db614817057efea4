import { storeOf } from '../engine/load-only.js'
import type { Store } from '../store/store.js'
import { etcdClient } from './client.js'
import type { EtcdEndpoint } from './endpoint.js'
import { EndpointError, objectsPrefix } from './endpoint.js'
import { createEtcdObjects } from './etcd-objects.js'

/** Everything under the prefix of `url`, as the reading commands' store: what the cluster holds now. */
export async function readEtcdStore(endpoint: EtcdEndpoint): Promise<Store> {
  const client = etcdClient(endpoint)
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
