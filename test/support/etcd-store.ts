import { basename } from 'node:path'
import type { OnceOptions, OnceResult } from '../../src/engine/reconcile-once.js'
import { etcdClient } from '../../src/etcd/client.js'
import { parseEtcdEndpoint } from '../../src/etcd/endpoint.js'
import { createEtcdObjects } from '../../src/etcd/etcd-objects.js'
import { reconcileThrough } from '../../src/etcd/reconcile-through.js'

/**
 * Reconciles `options.dir` with etcd as the store: one prefix per directory,
 * so a test's later runs over the same directory find what the earlier ones
 * left in etcd, as a daemon restarted against the same cluster would.
 */
export async function reconcileOnEtcd(member: string, options: OnceOptions): Promise<OnceResult> {
  const client = etcdClient(parseEtcdEndpoint(`etcd://${member}`))
  try {
    const objects = createEtcdObjects({ client, prefix: `/berth-test/${basename(options.dir)}/objects/` })
    return await reconcileThrough(objects, options)
  } finally {
    client.close()
  }
}
