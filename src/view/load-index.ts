import type { Resource } from '../model/resource.js'
import type { LoadTable } from '../scheduler/load-table.js'
import { createLoadTable } from '../scheduler/load-table.js'
import type { Store } from '../store/store.js'
import { reservationsOf } from './reservations.js'

/**
 * The load table of every service's running tasks, kept up to date per
 * change: a status update costs the size of that service, not of the cluster.
 */
export function createLoadIndex(store: Store): LoadTable {
  const table = createLoadTable()
  const apply = (service: Resource<'Service'> | undefined, sign: 1 | -1) => {
    if (!service) return
    const each = reservationsOf(service.spec)
    const tasks = service.status?.tasks ?? []
    // Indexed: this runs for every task of every changed service, often before the JIT has
    // compiled it, and an iterator costs an object per step until it has.
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i] as (typeof tasks)[number]
      if (task.node && task.desiredState === 'running') table.add(task.node, sign, each)
    }
  }
  for (const service of store.list('Service')) apply(service, 1)
  store.subscribe((change) => {
    if (change.kind !== 'Service') return
    apply(change.before as Resource<'Service'> | undefined, -1)
    apply(change.after as Resource<'Service'> | undefined, 1)
  })
  return table
}
