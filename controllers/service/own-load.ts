import type { TaskStatus } from '../../src/model/status.js'
import { withTasks } from '../../src/scheduler/load-table.js'
import type { NodeLoad, SchedNode, TaskDemand } from '../../src/scheduler/types.js'
import type { View } from '../../src/view/view.js'

/**
 * Load per node as this service's new plan would leave it: every other
 * service's tasks as their statuses stand, plus this service's kept tasks —
 * the recorded load moved by `delta` (see `ownDelta`).
 */
export function planLoad(
  view: View,
  demand: TaskDemand,
  delta: ReadonlyMap<string, number>,
): (node: SchedNode) => NodeLoad {
  return (node) => {
    const base = view.load(node.name)
    const d = delta.get(node.name) ?? 0
    return d === 0 ? base : withTasks(base, d, demand)
  }
}

/** How many of the given tasks sit on each node. */
export function countByNode(tasks: readonly TaskStatus[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const task of tasks) if (task.node) counts.set(task.node, (counts.get(task.node) ?? 0) + 1)
  return counts
}

/** How many tasks of this service each node gains or loses in the plan: kept − recorded, non-zero only. */
export function ownDelta(
  previous: readonly TaskStatus[],
  kept: ReadonlyMap<string, number>,
): Map<string, number> {
  const delta = new Map(kept)
  for (const task of previous) {
    if (task.desiredState !== 'running' || !task.node) continue
    delta.set(task.node, (delta.get(task.node) ?? 0) - 1)
  }
  for (const [node, d] of delta) if (d === 0) delta.delete(node)
  return delta
}
