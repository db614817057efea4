import type { Reserved } from './fit.js'
import type { LoadArrays, NodeLoad } from './types.js'

/**
 * The load on every node — running tasks and what they reserve — in one
 * table: each node has a fixed slot, and the loads live in typed arrays by
 * slot, so ranking thousands of nodes reads numbers, not map entries. The
 * view keeps one up to date from the store; the scheduler only reads it.
 */
export interface LoadTable {
  load(node: string): Readonly<NodeLoad>
  /** A node's fixed position in `arrays()`, given on first sight and never reused. */
  slotOf(node: string): number
  /** Adds `tasks` tasks reserving `each` to a node (a negative count takes them away). */
  add(node: string, tasks: number, each: Reserved): void
  /** The loads by slot (fetch again after an `add` or `slotOf`: they may grow). */
  arrays(): LoadArrays
}

export function createLoadTable(initialSlots = 1024): LoadTable {
  const slots = new Map<string, number>()
  let tasks = new Int32Array(initialSlots)
  let cpus = new Float64Array(initialSlots)
  let memory = new Float64Array(initialSlots)
  const slotOf = (node: string) => {
    let slot = slots.get(node)
    if (slot === undefined) {
      slot = slots.size
      slots.set(node, slot)
      if (slot >= tasks.length) {
        const size = Math.max(1, tasks.length * 2)
        tasks = grown(tasks, new Int32Array(size))
        cpus = grown(cpus, new Float64Array(size))
        memory = grown(memory, new Float64Array(size))
      }
    }
    return slot
  }
  return {
    load(node) {
      const slot = slots.get(node)
      if (slot === undefined) return { tasks: 0, cpus: 0, memory: 0 }
      return { tasks: tasks[slot] as number, cpus: cpus[slot] as number, memory: memory[slot] as number }
    },
    slotOf,
    add(node, n, each) {
      const slot = slotOf(node)
      tasks[slot] = (tasks[slot] as number) + n
      cpus[slot] = (cpus[slot] as number) + n * each.cpus
      memory[slot] = (memory[slot] as number) + n * each.memory
    },
    arrays: () => ({ tasks, cpus, memory }),
  }
}

/** A load with `n` more tasks reserving `each` (fewer when `n` is negative). */
export function withTasks(load: Readonly<NodeLoad>, n: number, each: Reserved): NodeLoad {
  return { tasks: load.tasks + n, cpus: load.cpus + n * each.cpus, memory: load.memory + n * each.memory }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from)
  return to
}
