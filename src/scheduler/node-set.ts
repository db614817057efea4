import type { StaticFilter } from './filters.js'
import { setKey } from './set-key.js'
import type { SchedNode } from './types.js'

/**
 * Nodes grouped into classes of identical attributes (everything a
 * class-level filter reads), so such filters run once per class rather than
 * once per node. Build once per snapshot of nodes, reuse for every service.
 */
export interface NodeSet {
  readonly nodes: readonly SchedNode[]
  readonly classes: readonly (readonly SchedNode[])[]
  readonly byName: ReadonlyMap<string, SchedNode>
  /** What static filters answered on this snapshot, filled as services ask (see `staticCandidates`). */
  readonly memo: StaticMemo
}

/** Candidate positions grouped by spread value, level by level, values in order; a leaf lists positions. */
export type SpreadGroups = readonly number[] | ReadonlyMap<string, SpreadGroups>

/**
 * Static filters' answers on one node set. It lives and dies with the set:
 * a new snapshot of nodes starts empty, so whoever holds the set sees exactly
 * what was worked out on it — nothing is kept anywhere else.
 */
export interface StaticMemo {
  /** Per static filter and demand key: which of `nodes` pass, a bit per position. */
  readonly passing: Map<StaticFilter, Map<string, Uint32Array>>
  /** Candidates per signature of every default static filter's key. */
  readonly candidates: Map<string, SchedNode[]>
  /** Spread groups of a candidate list (one `candidates` entry) per spread keys: see `placeTasks`. */
  readonly spread: WeakMap<readonly SchedNode[], Map<string, SpreadGroups>>
  /** Each class's members by position in `nodes`, and each position's class, once a filter first needs them. */
  classes?: { readonly members: readonly (readonly number[])[]; readonly classOf: Int32Array }
  /** Each memoized candidate list's positions in `nodes` (see `staticCandidates`). */
  readonly positions: WeakMap<readonly SchedNode[], Int32Array>
  /**
   * Per spread key, the values read so far, numbered in the order first read, and each
   * node's number by position in `nodes` (-1: not read yet), as placing first needs it.
   */
  readonly spreadIds: Map<string, SpreadIds>
  /** How many nodes the set holds. */
  readonly size: number
  /**
   * Explanations per signature of every default static filter's key, for demands no
   * placement filter can turn a node away for (see `explainRejections`).
   */
  readonly explanations: Map<
    string,
    { readonly summary: string; readonly rejected: ReadonlyMap<string, string> }
  >
  /** Per filter that says what it reads (`StaticFilter.reads`), positions grouped by that, once it is first asked. */
  readonly readGroups: Map<StaticFilter, readonly (readonly number[])[]>
}

/** A spread key's values numbered (see `StaticMemo.spreadIds`). */
export interface SpreadIds {
  readonly byNode: Int32Array | undefined
  readonly values: string[]
  readonly idOf: Map<string, number>
}

export function buildNodeSet(nodes: readonly SchedNode[]): NodeSet {
  const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const classes = new Map<string, SchedNode[]>()
  const byName = new Map<string, SchedNode>()
  for (const node of sorted) {
    byName.set(node.name, node)
    const key = classKey(node)
    const members = classes.get(key)
    if (members) members.push(node)
    else classes.set(key, [node])
  }
  return {
    nodes: sorted,
    classes: [...classes.values()],
    byName,
    memo: {
      passing: new Map(),
      candidates: new Map(),
      spread: new WeakMap(),
      readGroups: new Map(),
      explanations: new Map(),
      positions: new WeakMap(),
      spreadIds: new Map(),
      size: sorted.length,
    },
  }
}

function classKey(node: SchedNode): string {
  // Pairs, not `k=v` strings: `{a: '=b'}` and `{'a=': 'b'}` are different nodes.
  const labels = Object.keys(node.labels)
    .sort()
    .map((k) => [k, node.labels[k]])
  // JSON holds no raw NUL, so the three parts cannot run into each other.
  const attributes = JSON.stringify([node.availability, node.role, node.os, node.arch, labels])
  return `${attributes}\u0000${setKey(node.plugins)}\u0000${setKey(node.volumes)}`
}
