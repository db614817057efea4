import type { Resource } from '../model/resource.js'
import type { LoadArrays, NodeLoad } from '../scheduler/types.js'
import type { Store } from '../store/store.js'
import { reservationsOf } from './reservations.js'

/** Load per node from every service's running tasks, kept up to date per change. */
export interface LoadIndex {
  load(node: string): Readonly<NodeLoad>
  /** A node's fixed position in `arrays()`, given on first sight and never reused. */
  slotOf(node: string): number
  /** The loads by slot, for the scheduler's hot loop (fetch again after a change: they may grow). */
  arrays(): LoadArrays
}

/**
 * Follows Service changes and adjusts only the nodes the change touched: a
 * status update costs the size of that service, not of the cluster. Loads
 * live in typed arrays by slot so ranking thousands of nodes reads numbers,
 * not map entries.
 */
export function createLoadIndex(store: Store): LoadIndex {
  const slots = new Map<string, number>()
  let tasks = new Int32Array(1024)
  let cpus = new Float64Array(1024)
  let memory = new Float64Array(1024)
  const slotOf = (node: string) => {
    let slot = slots.get(node)
    if (slot === undefined) {
      slot = slots.size
      slots.set(node, slot)
      if (slot >= tasks.length) {
        const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T) => {
          const b = make(a.length * 2)
          b.set(a)
          return b
        }
        tasks = grow(tasks, (n) => new Int32Array(n))
        cpus = grow(cpus, (n) => new Float64Array(n))
        memory = grow(memory, (n) => new Float64Array(n))
      }
    }
    return slot
  }
  const apply = (service: Resource<'Service'> | undefined, sign: 1 | -1) => {
    if (!service) return
    const r = reservationsOf(service.spec)
    for (const task of service.status?.tasks ?? []) {
      if (!task.node || task.desiredState !== 'running') continue
      const slot = slotOf(task.node)
      tasks[slot] = (tasks[slot] as number) + sign
      cpus[slot] = (cpus[slot] as number) + sign * r.cpus
      memory[slot] = (memory[slot] as number) + sign * r.memory
    }
  }
  for (const service of store.list('Service')) apply(service, 1)
  store.subscribe((change) => {
    if (change.kind !== 'Service') return
    apply(change.before as Resource<'Service'> | undefined, -1)
    apply(change.after as Resource<'Service'> | undefined, 1)
  })
  return {
    load(node) {
      const slot = slots.get(node)
      if (slot === undefined) return { tasks: 0, cpus: 0, memory: 0 }
      return { tasks: tasks[slot] as number, cpus: cpus[slot] as number, memory: memory[slot] as number }
    },
    slotOf,
    arrays: () => ({ tasks, cpus, memory }),
  }
}
