import type { AnyResource, Resource } from '../../model/resource.js'
import type { TaskStatus } from '../../model/status.js'
import type { ReadStore } from '../../store/store.js'
import { kindNames } from '../kind-alias.js'

/**
 * What a reconcile would move, in a few human lines: per service, tasks
 * placed, moved (`node1 → node2`), evicted, removed or left pending with
 * the reason; per resource, a Ready condition that would flip. Tasks are
 * matched by slot (by node for global services).
 */
export function planSummary(before: readonly AnyResource[], after: ReadStore): string[] {
  const lines: string[] = []
  for (const old of before) {
    const now = after.get(old.kind, old.name) as AnyResource | undefined
    if (!now) continue
    if (old.kind === 'Service' && now.kind === 'Service') lines.push(...serviceMoves(old, now))
    const was = readyOf(old)
    const will = readyOf(now)
    if (will && was?.status !== will.status)
      lines.push(
        `${kindNames(now.kind).singular}/${now.name}: Ready ${was?.status ?? '(none)'} → ${will.status} (${will.reason})`,
      )
  }
  return lines
}

function serviceMoves(old: Resource<'Service'>, now: Resource<'Service'>): string[] {
  const global = now.spec.mode === 'global'
  const key = (t: TaskStatus) => (global ? (t.node ?? t.name) : String(t.slot ?? t.name))
  const active = (tasks: readonly TaskStatus[] | undefined) =>
    new Map((tasks ?? []).filter((t) => t.desiredState === 'running').map((t) => [key(t), t]))
  const was = active(old.status?.tasks)
  const will = active(now.status?.tasks)
  const shutdown = new Map(
    (now.status?.tasks ?? []).filter((t) => t.desiredState === 'shutdown').map((t) => [key(t), t]),
  )
  const lines: string[] = []
  const svc = `service/${now.name}`
  for (const k of sortedKeys([...was.keys(), ...will.keys()])) {
    const a = was.get(k)
    const b = will.get(k)
    const aNode = a?.state === 'running' ? a.node : undefined
    const bNode = b?.state === 'running' ? b.node : undefined
    const name = b?.name ?? a?.name ?? k
    const why = shutdown.get(k)?.message
    if (!b && aNode) lines.push(`${svc}: ${name} removed from ${aNode}`)
    else if (!b) lines.push(`${svc}: ${name} removed`)
    else if (bNode && !aNode) lines.push(`${svc}: ${name} placed on ${bNode}`)
    else if (bNode && aNode && bNode !== aNode)
      lines.push(`${svc}: ${name} moved ${aNode} → ${bNode}${why ? ` (${why})` : ''}`)
    else if (!bNode && aNode)
      lines.push(
        `${svc}: ${name} evicted from ${aNode}${why ? ` (${why})` : ''}; pending: ${b.message ?? 'waiting'}`,
      )
    else if (!bNode && (!a || a.message !== b.message))
      lines.push(`${svc}: ${name} pending: ${b.message ?? 'waiting'}`)
  }
  return lines
}

function sortedKeys(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort((x, y) => Number(x) - Number(y) || (x < y ? -1 : x > y ? 1 : 0))
}

function readyOf(resource: AnyResource) {
  return resource.status?.conditions?.find((c) => c.type === 'Ready')
}
