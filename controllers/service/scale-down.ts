import type { TaskStatus } from '../../src/model/status.js'
import { createRankHeap, popRank, pushRank } from '../../src/scheduler/heap.js'

const bySlotDesc = (a: TaskStatus, b: TaskStatus) => (b.slot ?? 0) - (a.slot ?? 0)

/**
 * Swarm's scale-down order: tasks that wait for a node go first (higher slots
 * first), then tasks from the node holding the most copies, higher slots
 * first, one at a time so copies stay even (between nodes holding as many, the
 * first by name). The busiest node comes from the scheduler's ranking heap (the
 * most copies ranked as the fewest tasks, the name order as the position), so
 * dropping a thousand of 100,000 tasks looks at each task once, not once per
 * task dropped.
 */
export function scaleDown(
  kept: readonly TaskStatus[],
  waiting: readonly TaskStatus[],
  desired: number,
): { kept: TaskStatus[]; waiting: TaskStatus[] } {
  let excess = kept.length + waiting.length - desired
  if (excess <= 0) return { kept: [...kept], waiting: [...waiting] }
  if (desired <= 0) return { kept: [], waiting: [] }
  const queue = [...waiting].sort(bySlotDesc)
  const dropWaiting = new Set(queue.slice(0, excess))
  excess -= dropWaiting.size
  const perNode = new Map<string, TaskStatus[]>()
  for (const task of kept) {
    const list = perNode.get(task.node ?? '')
    if (list) list.push(task)
    else perNode.set(task.node ?? '', [task])
  }
  // Position i is the i-th node by name; its rank is minus the copies it still keeps.
  const copies = [...perNode.keys()]
    .sort()
    .map((node) => (perNode.get(node) as TaskStatus[]).sort(bySlotDesc))
  const minusKept = Int32Array.from(copies, (tasks) => -tasks.length)
  const busiest = createRankHeap(
    copies.map((_, i) => i),
    minusKept,
    new Int32Array(copies.length),
  )
  const dropped = new Set<TaskStatus>()
  for (let at = popRank(busiest); excess > 0 && at !== undefined; at = popRank(busiest)) {
    const tasks = copies[at] as TaskStatus[]
    const left = (minusKept[at] as number) + 1
    dropped.add(tasks[tasks.length - 1 + left] as TaskStatus)
    minusKept[at] = left
    excess--
    if (left < 0) pushRank(busiest, at)
  }
  return { kept: kept.filter((t) => !dropped.has(t)), waiting: waiting.filter((t) => !dropWaiting.has(t)) }
}
