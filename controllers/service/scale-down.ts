import type { TaskStatus } from '../../src/model/status.js'

/**
 * Swarm's scale-down order: tasks that wait for a node go first (higher slots
 * first), then tasks from the node holding the most copies, higher slots
 * first, one at a time so copies stay even.
 */
export function scaleDown(
  kept: readonly TaskStatus[],
  waiting: readonly TaskStatus[],
  desired: number,
): { kept: TaskStatus[]; waiting: TaskStatus[] } {
  let excess = kept.length + waiting.length - desired
  if (excess <= 0) return { kept: [...kept], waiting: [...waiting] }
  if (desired <= 0) return { kept: [], waiting: [] }
  const bySlotDesc = (a: TaskStatus, b: TaskStatus) => (b.slot ?? 0) - (a.slot ?? 0)
  const queue = [...waiting].sort(bySlotDesc)
  const dropWaiting = new Set(queue.slice(0, excess))
  excess -= dropWaiting.size
  const remaining = [...kept]
  while (excess > 0 && remaining.length > 0) {
    const perNode = new Map<string, TaskStatus[]>()
    for (const task of remaining) {
      const list = perNode.get(task.node ?? '') ?? []
      list.push(task)
      perNode.set(task.node ?? '', list)
    }
    const [, busiest] =
      [...perNode].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0] ?? []
    const victim = busiest?.sort(bySlotDesc)[0]
    if (!victim) break
    remaining.splice(remaining.indexOf(victim), 1)
    excess--
  }
  return { kept: remaining, waiting: waiting.filter((t) => !dropWaiting.has(t)) }
}
