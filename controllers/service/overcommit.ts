import { fits, overcommitted } from '../../src/scheduler/fit.js'
import type { SchedNode } from '../../src/scheduler/types.js'
import { reservationsOf } from '../../src/view/reservations.js'
import type { View } from '../../src/view/view.js'

/**
 * When a node's capacity shrank below what its tasks reserve, some tasks must
 * go. Every service must agree on which without talking to the others, so the
 * tasks on the node are put in one fixed order — service name, then slot (or
 * node for global tasks) — and those that no longer fit in that order are
 * evicted. Returns the ids of `service`'s tasks to evict from `node`.
 */
export function overcommittedTasks(service: string, node: SchedNode, view: View): Set<string> {
  if (!overcommitted(node, view.load(node.name))) return new Set()
  const tasks: { service: string; order: number; id: string; cpus: number; memory: number }[] = []
  for (const svc of view.list('Service')) {
    const { cpus, memory } = reservationsOf(svc.spec)
    for (const task of svc.status?.tasks ?? []) {
      if (task.node !== node.name || task.desiredState !== 'running') continue
      tasks.push({ service: svc.name, order: task.slot ?? 0, id: task.id, cpus, memory })
    }
  }
  tasks.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.order - b.order))
  const evict = new Set<string>()
  const used = { cpus: 0, memory: 0 }
  for (const task of tasks) {
    if (fits(node, used, task)) {
      used.cpus += task.cpus
      used.memory += task.memory
    } else if (task.service === service) evict.add(task.id)
  }
  return evict
}
