import type { TestProject } from 'vitest/node'
import { startEtcd } from '../../bench/etcd-cluster.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of the etcd member the etcd project's tests share. */
    etcdMember: string
  }
}

/** One etcd for the whole `etcd` test project: the scenario suite runs its stores under it. */
export default async function setup(project: TestProject) {
  const etcd = await startEtcd(1)
  project.provide('etcdMember', etcd.members[0] ?? '')
  return () => etcd.stop()
}
