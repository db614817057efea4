import type { AnyResource, Resource } from '../../model/resource.js'
import type { TaskStatus } from '../../model/status.js'
import type { ReadStore } from '../../store/store.js'
import { kindNames } from '../kind-alias.js'

/**
 * What a reconcile would move, in a few human lines: per service, tasks
 * placed, moved (`node1 → node2`), updated by a rolling update (`to
 * nginx:1.27`), evicted, removed or left pending with
 * the reason; per resource, a Ready condition that would flip. Tasks are
 * matched by slot (by node for global services).
 */
export function planSummary(before: readonly AnyResource[], after: ReadStore): string[] {
  const lines: string[] = []
  for (const old of before) {
    const now = after.get(old.kind, old.name) as AnyResource | undefined
    if (!now) continue
    if (old.kind === 'Service' && now.kind === 'Service') lines.push(...serviceMoves(old, now).map(moveLine))
    const was = readyOf(old)
    const will = readyOf(now)
    if (will && was?.status !== will.status)
      lines.push(
        `${kindNames(now.kind).singular}/${now.name}: Ready ${was?.status ?? '(none)'} → ${will.status} (${will.reason})`,
      )
  }
  return lines
}

/** What would happen to one task: the `tasks` items of `berth plan -o json`. */
export interface TaskMove {
  readonly service: string
  /** The task's name (`myservice.3`; `svc.node` for global services). */
  readonly task: string
  /** Replicated services only. */
  readonly slot: number | null
  /** The node it runs on now; null when it runs nowhere. */
  readonly from: string | null
  /** The node it would run on; null when it would run nowhere. */
  readonly to: string | null
  readonly action: 'placed' | 'moved' | 'evicted' | 'pending' | 'removed' | 'updated'
  /** Why it moved, was evicted or waits; null when there is nothing to say. */
  readonly reason: string | null
}

/** Every task a reconcile would place, move, evict, remove or leave pending, service by service. */
export function taskMoves(before: readonly AnyResource[], after: ReadStore): TaskMove[] {
  return before.flatMap((old) => {
    const now = after.get(old.kind, old.name) as AnyResource | undefined
    if (old.kind !== 'Service' || now?.kind !== 'Service') return []
    return serviceMoves(old, now).map(({ evictedBecause: _e, waiting: _w, ...move }) => move)
  })
}

/** A move and, for an evicted task, why its replacement waits (the text says both). */
type Move = TaskMove & { readonly evictedBecause?: string; readonly waiting?: string }

function moveLine(m: Move): string {
  const svc = `service/${m.service}`
  const why = m.reason ? ` (${m.reason})` : ''
  switch (m.action) {
    case 'removed':
      return `${svc}: ${m.task} removed${m.from ? ` from ${m.from}` : ''}`
    case 'placed':
      return `${svc}: ${m.task} placed on ${m.to}`
    case 'moved':
      return `${svc}: ${m.task} moved ${m.from} → ${m.to}${why}`
    case 'updated':
      return `${svc}: ${m.task} updated on ${m.from === m.to ? m.to : `${m.from} → ${m.to}`}${why}`
    case 'evicted':
      return `${svc}: ${m.task} evicted from ${m.from}${m.evictedBecause ? ` (${m.evictedBecause})` : ''}; pending: ${m.waiting ?? 'waiting'}`
    case 'pending':
      return `${svc}: ${m.task} pending: ${m.reason ?? 'waiting'}`
  }
}

function serviceMoves(old: Resource<'Service'>, now: Resource<'Service'>): Move[] {
  const global = now.spec.mode === 'global'
  const key = (t: TaskStatus) => (global ? (t.node ?? t.name) : String(t.slot ?? t.name))
  const active = (tasks: readonly TaskStatus[] | undefined) =>
    new Map((tasks ?? []).filter((t) => t.desiredState === 'running').map((t) => [key(t), t]))
  const was = active(old.status?.tasks)
  const will = active(now.status?.tasks)
  const shutdown = new Map(
    (now.status?.tasks ?? []).filter((t) => t.desiredState === 'shutdown').map((t) => [key(t), t]),
  )
  const moves: Move[] = []
  for (const k of sortedKeys([...was.keys(), ...will.keys()])) {
    const a = was.get(k)
    const b = will.get(k)
    const aNode = a?.state === 'running' ? a.node : undefined
    const bNode = b?.state === 'running' ? b.node : undefined
    const why = shutdown.get(k)?.message
    const base = {
      service: now.name,
      task: b?.name ?? a?.name ?? k,
      slot: global ? null : ((b ?? a)?.slot ?? null),
      from: aNode ?? null,
      to: bNode ?? null,
    }
    if (!b) moves.push({ ...base, action: 'removed', reason: null })
    else if (aNode && bNode && a && a.id !== b.id && a.template !== undefined && a.template !== b.template)
      moves.push({ ...base, action: 'updated', reason: b.image ? `to ${b.image}` : null })
    else if (bNode && !aNode) moves.push({ ...base, action: 'placed', reason: null })
    else if (bNode && aNode && bNode !== aNode) moves.push({ ...base, action: 'moved', reason: why ?? null })
    else if (!bNode && aNode)
      moves.push({
        ...base,
        action: 'evicted',
        reason: why ?? b.message ?? null,
        ...(why ? { evictedBecause: why } : {}),
        ...(b.message ? { waiting: b.message } : {}),
      })
    else if (!bNode && (!a || a.message !== b.message))
      moves.push({ ...base, action: 'pending', reason: b.message ?? null })
  }
  return moves
}

function sortedKeys(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort((x, y) => Number(x) - Number(y) || (x < y ? -1 : x > y ? 1 : 0))
}

function readyOf(resource: AnyResource) {
  return resource.status?.conditions?.find((c) => c.type === 'Ready')
}
