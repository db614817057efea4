import type { Resource } from '../model/resource.js'
import type { TaskStatus } from '../model/status.js'
import type { Logger } from './logger.js'

/**
 * The lines a rolling update leaves in the daemon's log: one per batch —
 * `service web: updated web.1, web.2 to nginx:1.27 (2/6)`, `rolled back …` in a rollback — one per
 * change of the update's state (started, paused, rolled back, completed), and
 * one when its message changes within a state (its replacements wait for
 * something gone, then go on).
 */
export function logUpdate(
  before: Resource<'Service'> | undefined,
  after: Resource<'Service'>,
  log: Logger,
): void {
  const key = `Service/${after.name}`
  const was = before?.status?.updateStatus
  const now = after.status?.updateStatus
  const old = currentBySlot(before?.status?.tasks)
  const fresh = currentBySlot(after.status?.tasks)
  const replaced = [...fresh].filter(([slot, task]) => {
    const prior = old.get(slot)
    return prior?.template !== undefined && prior.id !== task.id && prior.template !== task.template
  })
  // A new state is said where it happened: an update that starts, before its first batch; one
  // that ends (completed, paused, rolled back), after its last.
  const stateLine = (): void => {
    if (now && (was?.state !== now.state || was.startedAt !== now.startedAt)) {
      const line = `service ${after.name}: ${now.state.replace('_', ' ')}: ${now.message}`
      const bad =
        now.state === 'paused' || now.state === 'rollback_paused' || now.state === 'rollback_started'
      log[bad ? 'warn' : 'info'](line, { key, state: now.state })
    } else if (now && was && was.message !== now.message) {
      // The same update, told something new: its replacements wait for what is gone, or go on.
      log.info(`service ${after.name}: ${now.state.replace('_', ' ')}: ${now.message}`, {
        key,
        state: now.state,
      })
    }
  }
  const starts = now?.state === 'updating' || now?.state === 'rollback_started'
  if (starts) stateLine()
  if (replaced.length > 0) {
    const running = [...fresh.values()]
    const target = replaced[0]?.[1]
    const done = running.filter((t) => t.template === target?.template).length
    const names = replaced.map(([, t]) => t.name).join(', ')
    const verb = now?.state.startsWith('rollback') ? 'rolled back' : 'updated'
    log.info(`service ${after.name}: ${verb} ${names} to ${target?.image} (${done}/${running.length})`, {
      key,
      tasks: replaced.length,
      updated: done,
      of: running.length,
    })
  }
  if (!starts) stateLine()
}

/** Running tasks by name: one per slot (global: per node). */
function currentBySlot(tasks: readonly TaskStatus[] | undefined): Map<string, TaskStatus> {
  return new Map((tasks ?? []).filter((t) => t.desiredState === 'running').map((t) => [t.name, t]))
}
