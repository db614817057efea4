import type { Resource } from '../model/resource.js'
import type { NodeLoad } from '../scheduler/types.js'
import { EMPTY_LOAD } from '../scheduler/types.js'
import type { Store } from '../store/store.js'
import { reservationsOf } from './reservations.js'

/** Load per node from every service's running tasks, kept up to date per change. */
export interface LoadIndex {
  load(node: string): Readonly<NodeLoad>
  /** Every node that has at least one task. */
  nodes(): IterableIterator<string>
}

/**
 * Follows Service changes and adjusts only the nodes the change touched: a
 * status update costs the size of that service, not of the cluster.
 */
export function createLoadIndex(store: Store): LoadIndex {
  const loads = new Map<string, NodeLoad>()
  const apply = (service: Resource<'Service'> | undefined, sign: 1 | -1) => {
    if (!service) return
    const { cpus, memory } = reservationsOf(service.spec)
    for (const task of service.status?.tasks ?? []) {
      if (!task.node || task.desiredState !== 'running') continue
      const load = loads.get(task.node) ?? { tasks: 0, cpus: 0, memory: 0 }
      loads.set(task.node, load)
      load.tasks += sign
      load.cpus += sign * cpus
      load.memory += sign * memory
      if (load.tasks === 0) loads.delete(task.node)
    }
  }
  for (const service of store.list('Service')) apply(service, 1)
  store.subscribe((change) => {
    if (change.kind !== 'Service') return
    apply(change.before as Resource<'Service'> | undefined, -1)
    apply(change.after as Resource<'Service'> | undefined, 1)
  })
  return {
    load: (node) => loads.get(node) ?? EMPTY_LOAD,
    nodes: () => loads.keys(),
  }
}
