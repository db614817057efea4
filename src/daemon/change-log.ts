import type { Resource } from '../model/resource.js'
import type { Condition, TaskStatus } from '../model/status.js'
import type { Change } from '../store/store.js'
import type { Logger } from './logger.js'
import { logUpdate } from './update-log.js'

/**
 * Turns status changes into the lines a person watching the daemon wants:
 * `service myservice: 8/8 running`, `task myservice.3 moved node2 → node1:
 * missing network plugin … on node2`, and Ready flips of every kind.
 */
export function logChange(change: Change, log: Logger): void {
  if (!change.after) {
    if (change.before)
      log.info(`${change.kind.toLowerCase()} ${change.before.name}: removed`, { key: change.key })
    return
  }
  const name = change.after.name
  const kind = change.kind.toLowerCase()
  const wasReady = readyOf(change.before?.status?.conditions)
  const isReady = readyOf(change.after.status?.conditions)
  if (change.kind === 'Service') {
    logService(change.before, change.after, log)
    return
  }
  if (change.kind === 'Secret' || change.kind === 'Config') {
    // A rotation keeps the resource Ready: say that the content changed (its digest, never the content).
    const was = change.before?.status?.digest
    const now = change.after.status?.digest
    if (was && now && was !== now)
      log.info(`${kind} ${name}: new content (${now.slice(0, 19)}…)`, {
        key: change.key,
      })
  }
  if (isReady && (wasReady?.status !== isReady.status || wasReady.reason !== isReady.reason)) {
    const line =
      isReady.status === 'True' ? `${kind} ${name}: ready` : `${kind} ${name}: not ready (${isReady.reason})`
    log[isReady.status === 'True' ? 'info' : 'warn'](`${line}: ${isReady.message}`, {
      key: change.key,
      reason: isReady.reason,
    })
  }
}

function logService(before: Resource<'Service'> | undefined, after: Resource<'Service'>, log: Logger): void {
  const key = `Service/${after.name}`
  const was = before?.status?.replicas
  const now = after.status?.replicas
  const ready = readyOf(after.status?.conditions)
  if (
    now &&
    (was?.running !== now.running ||
      was?.desired !== now.desired ||
      readyOf(before?.status?.conditions)?.message !== ready?.message)
  ) {
    const waiting = ready?.status === 'False' ? ` (${ready.message})` : ''
    log[waiting ? 'warn' : 'info'](`service ${after.name}: ${now.running}/${now.desired} running${waiting}`, {
      key,
      ...now,
    })
  }
  logUpdate(before, after, log)
  const old = runningBySlot(before?.status?.tasks)
  const fresh = runningBySlot(after.status?.tasks)
  const history = new Map(
    (after.status?.tasks ?? []).filter((t) => t.desiredState === 'shutdown').map((t) => [t.name, t]),
  )
  for (const [slot, task] of old) {
    const next = fresh.get(slot)
    if (!task.node || next?.node === task.node) continue
    // A replacement made by a rolling update is logged with its batch (see `logUpdate`).
    if (next?.template !== undefined && task.template !== undefined && next.template !== task.template)
      continue
    const reason = history.get(task.name)?.message
    const why = reason ? `: ${reason}` : ''
    if (next?.node)
      log.info(`task ${task.name} moved ${task.node} → ${next.node}${why}`, {
        key,
        task: task.name,
        from: task.node,
        to: next.node,
      })
    else if (next)
      log.warn(`task ${task.name} stopped on ${task.node}, waiting for a node${why}`, {
        key,
        task: task.name,
        from: task.node,
      })
  }
}

function runningBySlot(tasks: readonly TaskStatus[] | undefined): Map<string, TaskStatus> {
  return new Map((tasks ?? []).filter((t) => t.desiredState === 'running').map((t) => [t.name, t]))
}

function readyOf(conditions: readonly Condition[] | undefined): Condition | undefined {
  return conditions?.find((c) => c.type === 'Ready')
}
