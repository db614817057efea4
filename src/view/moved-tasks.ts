import type { Resource } from '../model/resource.js'
import type { TaskStatus } from '../model/status.js'
import type { Change } from '../store/store.js'

// Both the Node and the Service controller ask about each Service change: answered once per change.
const answered = new WeakMap<Change<'Service'>, readonly string[]>()

/**
 * The nodes where a Service change moved how many of its tasks run (running
 * tasks counted per node, before against after), in no particular order:
 * empty when the change took and freed no capacity anywhere.
 */
export function nodesWithMovedTasks(change: Change<'Service'>): readonly string[] {
  let moved = answered.get(change)
  if (!moved) {
    moved = countMoves(change.before, change.after)
    answered.set(change, moved)
  }
  return moved
}

function countMoves(
  before: Resource<'Service'> | undefined,
  after: Resource<'Service'> | undefined,
): string[] {
  const beforeTasks = before?.status?.tasks
  const afterTasks = after?.status?.tasks
  if (beforeTasks === afterTasks) return []
  const counts = new Map<string, number>()
  // Indexed loops: once per task of every Service change (see the load index).
  const tally = (tasks: readonly TaskStatus[] | undefined, sign: 1 | -1) => {
    if (!tasks) return
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i] as TaskStatus
      if (t.node && t.desiredState === 'running') counts.set(t.node, (counts.get(t.node) ?? 0) + sign)
    }
  }
  tally(beforeTasks, -1)
  tally(afterTasks, 1)
  const moved: string[] = []
  for (const [node, n] of counts) if (n !== 0) moved.push(node)
  return moved
}
