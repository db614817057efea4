import type { TaskStatus } from '../../src/model/status.js'
import { createHeap } from '../../src/scheduler/heap.js'

const bySlotDesc = (a: TaskStatus, b: TaskStatus) => (b.slot ?? 0) - (a.slot ?? 0)

/** One node's running copies, highest slot first, and how many of them are still kept. */
interface NodeCopies {
  readonly node: string
  readonly tasks: readonly TaskStatus[]
  kept: number
}

/**
 * Swarm's scale-down order: tasks that wait for a node go first (higher slots
 * first), then tasks from the node holding the most copies, higher slots
 * first, one at a time so copies stay even (between nodes holding as many, the
 * first by name). The busiest node comes from a heap, so dropping a thousand of
 * 100,000 tasks looks at each task once, not once per task dropped.
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
  const busiest = createHeap<NodeCopies>(
    (a, b) => b.kept - a.kept || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0),
    [...perNode].map(([node, tasks]) => ({ node, tasks: tasks.sort(bySlotDesc), kept: tasks.length })),
    { adopt: true },
  )
  const dropped = new Set<TaskStatus>()
  for (let top = busiest.pop(); excess > 0 && top; top = busiest.pop()) {
    dropped.add(top.tasks[top.tasks.length - top.kept] as TaskStatus)
    top.kept--
    excess--
    if (top.kept > 0) busiest.push(top)
  }
  return { kept: kept.filter((t) => !dropped.has(t)), waiting: waiting.filter((t) => !dropWaiting.has(t)) }
}
