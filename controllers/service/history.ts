import type { TaskStatus } from '../../src/model/status.js'

/** Swarm's `TaskHistoryRetentionLimit` default: tasks kept per slot (or node), the current one included. */
export const TASK_HISTORY_LIMIT = 5

/**
 * Keeps at most `limit` tasks per slot (global: per node): the current one
 * and the newest shut-down ones. Plans list each slot's current task first,
 * then its history newest first, so the oldest are cut.
 */
export function boundHistory(tasks: readonly TaskStatus[], limit = TASK_HISTORY_LIMIT): TaskStatus[] {
  // Keyed by slot number, or (no slot) by node or name: a number and a string never clash.
  const seen = new Map<number | string, number>()
  const out: TaskStatus[] = []
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i] as TaskStatus
    const key = task.slot ?? task.node ?? task.name
    const n = (seen.get(key) ?? 0) + 1
    seen.set(key, n)
    if (n <= limit) out.push(task)
  }
  return out
}
