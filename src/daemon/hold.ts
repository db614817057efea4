import { nameList } from '../model/name-list.js'
import type { AnyResource } from '../model/resource.js'
import type { ServiceStatus } from '../model/status.js'

/**
 * The running tasks a new status would stop or move: those running (desired
 * state running, on a node) in `before` that are not running on the same
 * node, under the same id, in `after`. A scale-down counts too: while berth
 * cannot read part of the tree, it stops nothing.
 */
export function stoppedTasks(before: ServiceStatus | undefined, after: ServiceStatus | undefined): string[] {
  const next = new Map<string, string | undefined>()
  for (const t of after?.tasks ?? []) if (t.desiredState === 'running') next.set(t.id, t.node)
  const stopped: string[] = []
  for (const t of before?.tasks ?? []) {
    if (t.desiredState !== 'running' || t.state !== 'running' || !t.node) continue
    if (next.get(t.id) !== t.node) stopped.push(t.name)
  }
  return stopped
}

/**
 * While files that berth could never load are in the tree, what they define
 * is unknown: a node, plugin, network or volume missing from the store may
 * be in one of them. A service whose next status would stop a running task
 * is then held at the status its file records, the last good state. The
 * daemon passes only the files that could stop one (see `held-kinds.ts`).
 */
export function holdWhileUnknown(
  unknownFiles: () => readonly string[],
): (resource: AnyResource, status: AnyResource['status']) => string | undefined {
  return (resource, status) => {
    if (resource.kind !== 'Service') return undefined
    const files = unknownFiles()
    if (files.length === 0) return undefined
    const stopped = stoppedTasks(resource.status, status as ServiceStatus)
    if (stopped.length === 0) return undefined
    return `would stop ${nameList(stopped)} while ${nameList(files)} ${files.length === 1 ? 'does' : 'do'} not load`
  }
}
