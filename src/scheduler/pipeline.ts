import type { Filter, FilterContext } from './filters.js'
import { defaultFilters } from './filters.js'
import type { NodeSet } from './node-set.js'
import type { SchedNode, TaskDemand } from './types.js'

/**
 * Filters whose answer cannot change while one service's tasks are placed, and
 * depends only on the node set and the demand (so it can be cached per node set).
 * Host ports depend on other services' tasks too: `placeTasks` checks them.
 */
const isStatic = (f: Filter) => f.name !== 'resources' && f.name !== 'max-replicas' && f.name !== 'host-port'

/**
 * Nodes that pass every filter that placing tasks cannot change (availability,
 * plugins, volumes, constraints, platform), in name order. Class-level filters
 * run once per class; the rest once per node. The answer depends only on the
 * node set and the demand's static part, so it is kept per node set for every
 * service that asks the same.
 */
export function staticCandidates(
  set: NodeSet,
  ctx: FilterContext,
  filters: readonly Filter[] = defaultFilters,
): SchedNode[] {
  const cacheable = filters === defaultFilters
  const signature = cacheable ? staticSignature(ctx.demand) : ''
  const cache = cacheable ? cacheFor(set) : undefined
  const known = cache?.get(signature)
  if (known) return known
  const perClass = filters.filter((f) => isStatic(f) && f.perClass(ctx.demand))
  const perNode = filters.filter((f) => isStatic(f) && !f.perClass(ctx.demand))
  const passing = new Set<SchedNode>()
  for (const members of set.classes) {
    const rep = members[0]
    if (!rep || !perClass.every((f) => f.check(rep, ctx))) continue
    for (const node of members) if (perNode.every((f) => f.check(node, ctx))) passing.add(node)
  }
  const out = set.nodes.filter((n) => passing.has(n))
  cache?.set(signature, out)
  return out
}

const candidateCache = new WeakMap<NodeSet, Map<string, SchedNode[]>>()

function cacheFor(set: NodeSet): Map<string, SchedNode[]> {
  let cache = candidateCache.get(set)
  if (!cache) {
    cache = new Map()
    candidateCache.set(set, cache)
  }
  return cache
}

/** Everything the static filters read from a demand. */
function staticSignature(demand: TaskDemand): string {
  return JSON.stringify([demand.plugins, demand.volumes, demand.constraints, demand.platforms])
}

/** Why nodes were turned away: Swarm's summary and berth's per-node account. */
export interface Explanation {
  /** Swarm's words, most common reason first: `missing plugin on 1 node; …`. */
  readonly summary: string
  /** What each rejected node lacks, by node name. */
  readonly rejected: ReadonlyMap<string, string>
}

/**
 * Runs the whole pipeline over every node in order and explains every
 * rejection. A node counts against the first filter that rejects it.
 */
export function explainRejections(
  set: NodeSet,
  ctx: FilterContext,
  filters: readonly Filter[] = defaultFilters,
): Explanation {
  const counts = new Map<Filter, number>()
  const rejected = new Map<string, string>()
  for (const members of set.classes) {
    const rep = members[0]
    if (!rep) continue
    const verdicts = filters.map((f) => (f.perClass(ctx.demand) && !f.check(rep, ctx) ? f : undefined))
    for (const node of members) {
      const failed = filters.find((f, i) =>
        f.perClass(ctx.demand) ? verdicts[i] !== undefined : !f.check(node, ctx),
      )
      if (!failed) continue
      counts.set(failed, (counts.get(failed) ?? 0) + 1)
      rejected.set(node.name, failed.detail(node, ctx))
    }
  }
  const ranked = filters
    .filter((f) => (counts.get(f) ?? 0) > 0)
    .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))
  return {
    summary: ranked.map((f) => f.explain(counts.get(f) ?? 0)).join('; '),
    rejected,
  }
}

/**
 * Names each rejected node and what it lacks — `node2: missing network
 * plugin x:latest` — nodes with the same lack grouped, at most `limit`
 * groups and a few names per group, so the message stays readable at scale.
 */
export function describeRejections(rejected: ReadonlyMap<string, string>, limit = 5): string {
  const byReason = new Map<string, string[]>()
  for (const [node, reason] of rejected) {
    const nodes = byReason.get(reason)
    if (nodes) nodes.push(node)
    else byReason.set(reason, [node])
  }
  for (const nodes of byReason.values()) nodes.sort()
  const groups = [...byReason].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
  const shown = groups.slice(0, limit).map(([reason, nodes]) => {
    const names =
      nodes.length <= 3 ? nodes.join(', ') : `${nodes.slice(0, 3).join(', ')} and ${nodes.length - 3} more`
    return `${names}: ${reason}`
  })
  if (groups.length > limit) shown.push(`${groups.length - limit} more reasons`)
  return shown.join('; ')
}

/** `no suitable node (…)`, Swarm's message on a task that fits nowhere. */
export function noSuitableNode(explanation: Explanation): string {
  return explanation.summary ? `no suitable node (${explanation.summary})` : 'no suitable node'
}
