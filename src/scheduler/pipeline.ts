import { nameList } from '../model/name-list.js'
import type { Filter, FilterContext, StaticFilter } from './filters.js'
import { defaultFilters } from './filters.js'
import type { NodeSet } from './node-set.js'
import type { SchedNode } from './types.js'

/**
 * Nodes that pass every static filter (availability, plugins, volumes,
 * constraints, platform), in name order: the filters that placing tasks
 * cannot change. Each filter's answer for one demand key is worked out once
 * per node set (class-level filters once per class) and kept in the set's
 * memo, as is the whole list per signature: services that ask the same share
 * the work, and a new node set starts from nothing.
 */
export function staticCandidates(
  set: NodeSet,
  ctx: FilterContext,
  filters: readonly Filter[] = defaultFilters,
): SchedNode[] {
  const statics = filters.filter((f): f is StaticFilter => f.static)
  const keys = statics.map((f) => f.key(ctx.demand))
  const signature = signatureOf(filters, keys)
  const known = signature === undefined ? undefined : set.memo.candidates.get(signature)
  if (known) return known
  const masks = statics.map((f, i) => passing(set, f, keys[i] as string, ctx))
  const { nodes } = set
  // The masks ANDed, counted, then read set bit by set bit (lowest first: name order).
  const both = new Uint32Array(words(nodes.length))
  let count = 0
  for (let w = 0; w < both.length; w++) {
    let word = 0xffffffff
    for (const mask of masks) word &= mask[w] as number
    // Bits past the last node are never set in a mask; a list with no static filter has none.
    if (w === both.length - 1 && nodes.length % 32 !== 0) word &= (1 << (nodes.length % 32)) - 1
    both[w] = word
    count += bitCount(both[w] as number)
  }
  const out: SchedNode[] = []
  const positions = new Int32Array(count)
  for (let w = 0; w < both.length; w++) {
    for (let word = both[w] as number; word !== 0; word &= word - 1) {
      const n = w * 32 + (31 - Math.clz32(word & -word))
      positions[out.length] = n
      out.push(nodes[n] as SchedNode)
    }
  }
  if (signature !== undefined) set.memo.candidates.set(signature, out)
  set.memo.positions.set(out, positions)
  return out
}

/**
 * Which nodes of the set pass one static filter for a demand key, as a bit
 * per position in `set.nodes`; from the memo when known.
 */
function passing(set: NodeSet, filter: StaticFilter, key: string, ctx: FilterContext): Uint32Array {
  let byKey = set.memo.passing.get(filter)
  if (!byKey) {
    byKey = new Map()
    set.memo.passing.set(filter, byKey)
  }
  const known = byKey.get(key)
  if (known) return known
  const mask = new Uint32Array(words(set.nodes.length))
  const pass = (n: number) => {
    mask[n >>> 5] = (mask[n >>> 5] as number) | (1 << (n & 31))
  }
  const perClass = filter.perClass(ctx.demand)
  if (perClass && filter.reads) {
    for (const members of readGroups(set, filter)) {
      const rep = set.nodes[members[0] as number]
      if (rep && filter.check(rep, ctx)) for (const n of members) pass(n)
    }
    byKey.set(key, mask)
    return mask
  }
  for (const members of classIndex(set).members) {
    if (perClass) {
      const rep = set.nodes[members[0] as number]
      if (rep && filter.check(rep, ctx)) for (const n of members) pass(n)
    } else for (const n of members) if (filter.check(set.nodes[n] as SchedNode, ctx)) pass(n)
  }
  byKey.set(key, mask)
  return mask
}

/** The memo's name for the static filters' answers: their keys; only the default list may share it (it names filters by keys only). */
const signatureOf = (filters: readonly Filter[], keys: readonly string[]) =>
  filters === defaultFilters ? keys.join('\u0000') : undefined

const words = (bits: number) => (bits + 31) >>> 5

/** The set bits of a 32-bit word. */
function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number
}

/** Whether bit `n` of a mask is set. */
const passes = (mask: Uint32Array, n: number) => ((mask[n >>> 5] as number) & (1 << (n & 31))) !== 0

/** Positions in `set.nodes` grouped by what `filter` reads of them (`StaticFilter.reads`); worked out once per set. */
function readGroups(set: NodeSet, filter: StaticFilter): readonly (readonly number[])[] {
  let groups = set.memo.readGroups.get(filter)
  if (!groups) {
    const byRead = new Map<string, number[]>()
    const reads = filter.reads as (node: SchedNode) => string
    set.nodes.forEach((node, n) => {
      const read = reads(node)
      const members = byRead.get(read)
      if (members) members.push(n)
      else byRead.set(read, [n])
    })
    groups = [...byRead.values()]
    set.memo.readGroups.set(filter, groups)
  }
  return groups
}

/** Each class's members by position in `set.nodes`, and each position's class; worked out once per set. */
function classIndex(set: NodeSet): NonNullable<NodeSet['memo']['classes']> {
  if (!set.memo.classes) {
    const position = new Map(set.nodes.map((node, n) => [node, n]))
    const members = set.classes.map((list) => list.map((node) => position.get(node) as number))
    const classOf = new Int32Array(set.nodes.length)
    members.forEach((list, c) => {
      for (const n of list) classOf[n] = c
    })
    set.memo.classes = { members, classOf }
  }
  return set.memo.classes
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
  // When no placement filter can turn a node away, the answer depends only on the static
  // filters' keys: worked out once per node set (global services each explain thousands).
  const idle = filters.every((f) => f.static || f.idle(ctx.demand))
  const signature = idle
    ? signatureOf(
        filters,
        filters.flatMap((f) => (f.static ? [f.key(ctx.demand)] : [])),
      )
    : undefined
  if (signature === undefined) return explainEach(set, ctx, filters)
  let known = set.memo.explanations.get(signature)
  if (!known) {
    known = explainEach(set, ctx, filters)
    set.memo.explanations.set(signature, known)
  }
  return known
}

function explainEach(set: NodeSet, ctx: FilterContext, filters: readonly Filter[]): Explanation {
  const counts = new Map<Filter, number>()
  const rejected = new Map<string, string>()
  // Static filters answer from the memo; the others look at each node.
  const masks = filters.map((f) => (f.static ? passing(set, f, f.key(ctx.demand), ctx) : undefined))
  const perClass = filters.map((f) => f.perClass(ctx.demand))
  // What a class-level filter says a node lacks is the same for the whole class: said[filter][class].
  const said: (string | undefined)[][] = filters.map(() => [])
  const { classOf } = classIndex(set)
  for (let n = 0; n < set.nodes.length; n++) {
    const node = set.nodes[n] as SchedNode
    let i = 0
    for (; i < filters.length; i++) {
      const mask = masks[i]
      if (mask ? !passes(mask, n) : !(filters[i] as Filter).check(node, ctx)) break
    }
    const failed = filters[i]
    if (!failed) continue
    counts.set(failed, (counts.get(failed) ?? 0) + 1)
    const known = said[i] as (string | undefined)[]
    const c = classOf[n] as number
    let detail = perClass[i] ? known[c] : undefined
    if (detail === undefined) {
      detail = failed.detail(node, ctx)
      if (perClass[i]) known[c] = detail
    }
    rejected.set(node.name, detail)
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
  // Per reason, how many nodes and the first few names in order: a message names no more
  // (see `nameList`), and a global service can be turned away by thousands of nodes.
  const byReason = new Map<string, { count: number; first: string[] }>()
  rejected.forEach((reason, node) => {
    let group = byReason.get(reason)
    if (!group) {
      group = { count: 0, first: [] }
      byReason.set(reason, group)
    }
    group.count++
    keepFirst(group.first, node, SHOWN_NAMES)
  })
  const groups = [...byReason].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
  const shown = groups
    .slice(0, limit)
    .map(([reason, { count, first }]) => `${nameList(first, SHOWN_NAMES, count)}: ${reason}`)
  if (groups.length > limit) shown.push(`${groups.length - limit} more reasons`)
  return shown.join('; ')
}

const SHOWN_NAMES = 3

/** Keeps `first` the `size` least names seen, in order (as `sort()` orders them). */
function keepFirst(first: string[], name: string, size: number): void {
  if (first.length === size && !(name < (first[size - 1] as string))) return
  let i = first.length < size ? first.length : size - 1
  while (i > 0 && name < (first[i - 1] as string)) {
    first[i] = first[i - 1] as string
    i--
  }
  first[i] = name
}

/** `no suitable node (…)`, Swarm's message on a task that fits nowhere. */
export function noSuitableNode(explanation: Explanation): string {
  return explanation.summary ? `no suitable node (${explanation.summary})` : 'no suitable node'
}
