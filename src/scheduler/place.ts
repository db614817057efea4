import type { FilterContext } from './filters.js'
import { fitsBeside, reservesNothing } from './fit.js'
import type { RankHeap } from './heap.js'
import { createRankHeap, popRank, pushRank } from './heap.js'
import { attributeReader } from './node-attributes.js'
import type { SpreadGroups, SpreadIds, StaticMemo } from './node-set.js'
import type { LoadArrays, NodeLoad, SchedNode, TaskDemand } from './types.js'

export interface PlaceInput {
  readonly demand: TaskDemand
  /** Nodes that passed the static filters (see `staticCandidates`), sorted by name. */
  readonly candidates: readonly SchedNode[]
  readonly count: number
  /** Load per node from every service, including this one's kept tasks. */
  readonly load: (node: SchedNode) => NodeLoad
  /** This service's kept tasks per node name. */
  readonly serviceTasks: ReadonlyMap<string, number>
  /**
   * The fast path: every service's loads by `loadSlot`, plus how many tasks
   * of this service each node gains or loses against them (kept − recorded).
   * When given, `load` is only used for explanations.
   */
  readonly loadArrays?: { readonly arrays: LoadArrays; readonly delta: ReadonlyMap<string, number> }
  /** The memo of the node set the candidates come from: what placing reuses across services is kept there. */
  readonly memo?: StaticMemo
  /** Host-mode ports other services hold per node (see `FilterContext.hostPortHolders`). */
  readonly hostPortHolders?: (node: SchedNode) => ReadonlyMap<string, string>
  /**
   * Host-mode ports this service's kept tasks hold per node (see `FilterContext.ownHostPorts`).
   * Absent: any kept task of the service on a node holds them.
   */
  readonly ownHostPorts?: (node: SchedNode) => ReadonlySet<string>
}

export interface PlaceResult {
  /** One node per placed task, in placement order. */
  readonly placed: readonly SchedNode[]
  /** The context at the end, for explaining what could not be placed. */
  readonly ctx: FilterContext
}

/**
 * Places up to `count` tasks among the candidates, one at a time: honour each
 * `spread` level (the branch with the fewest tasks of the service, then the
 * label value), then the node with the fewest tasks of the service, the fewest
 * tasks in all, then the node name — Swarm's ranking. A node that no longer
 * fits (resources, max replicas, a host port) leaves the queue for good: loads only grow.
 *
 * The candidates' loads are read once into typed arrays, so ranking compares
 * numbers, not objects: this loop runs for every service on every node.
 */
export function placeTasks(input: PlaceInput): PlaceResult {
  const { demand, candidates } = input
  const m = candidates.length
  // A task that reserves nothing fits anywhere: what nodes have reserved is not read then.
  const reserves = !reservesNothing(demand)
  // One buffer for the per-candidate numbers (this runs for every service): reserved CPUs
  // and memory (when the task reserves some), tasks of this service, tasks in all, and
  // whether this call placed one there.
  const floats = reserves ? m * 16 : 0
  const buffer = new ArrayBuffer(floats + m * 9)
  const cpus = new Float64Array(buffer, 0, floats / 16)
  const memory = new Float64Array(buffer, floats / 2, floats / 16)
  const mine = new Int32Array(buffer, floats, m)
  const total = new Int32Array(buffer, floats + m * 4, m)
  const placedHere = new Uint8Array(buffer, floats + m * 8, m)
  readLoads(input, total, reserves ? cpus : undefined, reserves ? memory : undefined)
  if (input.serviceTasks.size > 0)
    for (let i = 0; i < m; i++) mine[i] = input.serviceTasks.get((candidates[i] as SchedNode).name) ?? 0
  const max = demand.maxReplicasPerNode
  // A host-mode port admits one task per node: none where another service or one of
  // this service's own tasks holds it (or a task placed here by this call), one where free.
  const hostPorts = demand.hostPorts ?? []
  const portTaken = hostPorts.length > 0 ? takenPorts(input, hostPorts, mine) : undefined
  const room = (i: number) =>
    (max === 0 || (mine[i] as number) < max) &&
    (portTaken === undefined || (portTaken[i] === 0 && placedHere[i] === 0)) &&
    (!reserves || fitsBeside(candidates[i] as SchedNode, cpus[i] as number, memory[i] as number, demand))

  const readers = demand.spread.map(attributeReader)
  const { root, leafOf } = buildTree(
    spreadGroups(candidates, demand.spread, readers, input.memo),
    m,
    mine,
    total,
  )
  const placed: SchedNode[] = []
  while (placed.length < input.count) {
    const i = take(root, room)
    if (i === undefined) break
    placed.push(candidates[i] as SchedNode)
    placedHere[i] = 1
    mine[i] = (mine[i] as number) + 1
    total[i] = (total[i] as number) + 1
    if (reserves) {
      cpus[i] = (cpus[i] as number) + demand.cpus
      memory[i] = (memory[i] as number) + demand.memory
    }
    // Back into its leaf (without spread levels, the root) with its new rank.
    const leaf = leafOf?.[i] ?? root
    if ('heap' in leaf) pushRank(leaf.heap, i)
  }

  // Only explanations read the context, and rarely: index the candidates then.
  let positions: Map<string, number> | undefined
  const position = (name: string) => {
    positions ??= new Map(candidates.map((c, i) => [c.name, i]))
    return positions.get(name)
  }
  const ctx: FilterContext = {
    demand,
    load: (node) => {
      const i = position(node.name)
      if (i === undefined) return input.load(node)
      if (!reserves) {
        // Not read into the arrays: what is reserved there is as `load` says (this call added nothing).
        const { cpus: used, memory: usedMemory } = input.load(node)
        return { tasks: total[i] as number, cpus: used, memory: usedMemory }
      }
      return { tasks: total[i] as number, cpus: cpus[i] as number, memory: memory[i] as number }
    },
    serviceTasks: (node) => {
      const i = position(node.name)
      return i === undefined ? (input.serviceTasks.get(node.name) ?? 0) : (mine[i] as number)
    },
    ...(input.hostPortHolders ? { hostPortHolders: input.hostPortHolders } : {}),
    ...(input.ownHostPorts
      ? { ownHostPorts: ownAfter(input.ownHostPorts, hostPorts, placedHere, position) }
      : {}),
  }
  return { placed, ctx }
}

/** The own host ports per node once this call's placements hold theirs too. */
function ownAfter(
  before: (node: SchedNode) => ReadonlySet<string>,
  hostPorts: readonly string[],
  placedHere: Uint8Array,
  position: (name: string) => number | undefined,
): (node: SchedNode) => ReadonlySet<string> {
  return (node) => {
    const i = position(node.name)
    const held = before(node)
    return i !== undefined && placedHere[i] === 1 ? new Set([...held, ...hostPorts]) : held
  }
}

/** Per candidate, 1 where one of the host ports is held already: by another service, or by this one's kept tasks. */
function takenPorts(input: PlaceInput, hostPorts: readonly string[], mine: Int32Array): Uint8Array {
  const { candidates } = input
  const taken = new Uint8Array(candidates.length)
  for (let i = 0; i < candidates.length; i++) {
    const node = candidates[i] as SchedNode
    const held = input.hostPortHolders?.(node)
    const own = input.ownHostPorts ? hostPorts.some((p) => input.ownHostPorts?.(node).has(p)) : mine[i] !== 0
    if (own || (held && hostPorts.some((p) => held.has(p)))) taken[i] = 1
  }
  return taken
}

/**
 * Fills the candidates' loads: from the slot arrays when given (no per-node lookups), else
 * from `load`. What is reserved (`cpus`, `memory`) only when asked for.
 */
function readLoads(
  input: PlaceInput,
  total: Int32Array,
  cpus: Float64Array | undefined,
  memory: Float64Array | undefined,
): void {
  const { candidates, demand } = input
  const fast = input.loadArrays
  // Candidates come from one node set: either all have a slot or none has.
  if (!fast || candidates[0]?.loadSlot === undefined) {
    candidates.forEach((node, i) => {
      const load = input.load(node)
      total[i] = load.tasks
      if (cpus && memory) {
        cpus[i] = load.cpus
        memory[i] = load.memory
      }
    })
    return
  }
  const { arrays, delta } = fast
  for (let i = 0; i < candidates.length; i++)
    total[i] = arrays.tasks[(candidates[i] as SchedNode).loadSlot as number] as number
  if (cpus && memory)
    for (let i = 0; i < candidates.length; i++) {
      const slot = (candidates[i] as SchedNode).loadSlot as number
      cpus[i] = arrays.cpus[slot] as number
      memory[i] = arrays.memory[slot] as number
    }
  if (delta.size === 0) return
  for (let i = 0; i < candidates.length; i++) {
    const d = delta.get((candidates[i] as SchedNode).name)
    if (!d) continue
    total[i] = (total[i] as number) + d
    if (cpus && memory) {
      cpus[i] = (cpus[i] as number) + d * demand.cpus
      memory[i] = (memory[i] as number) + d * demand.memory
    }
  }
}

/** A leaf holds a heap of candidate positions; a branch, one child per label value, in value order. */
interface Leaf {
  count: number
  readonly heap: RankHeap
}
interface Branch {
  count: number
  readonly children: readonly (Branch | Leaf)[]
}

/** The tree of the spread levels, and each candidate's leaf (where it goes back once placed). */
function buildTree(
  groups: SpreadGroups,
  m: number,
  mine: Int32Array,
  total: Int32Array,
): { root: Branch | Leaf; leafOf: Leaf[] | undefined } {
  let anyKept = false
  for (let i = 0; i < m && !anyKept; i++) anyKept = mine[i] !== 0
  // Without spread levels the root is the one leaf: no list of leaves is needed. (Two
  // functions, so the common case's compiled code holds nothing of the other.)
  if (isLeaf(groups)) return { root: makeLeaf(groups, mine, total, anyKept), leafOf: undefined }
  const leafOf = new Array<Leaf>(m)
  return { root: makeBranch(groups, mine, total, anyKept, leafOf), leafOf }
}

function makeLeaf(members: readonly number[], mine: Int32Array, total: Int32Array, anyKept: boolean): Leaf {
  let count = 0
  if (anyKept) for (let k = 0; k < members.length; k++) count += mine[members[k] as number] as number
  return { count, heap: createRankHeap(members, mine, total) }
}

function makeBranch(
  groups: ReadonlyMap<string, SpreadGroups>,
  mine: Int32Array,
  total: Int32Array,
  anyKept: boolean,
  leafOf: Leaf[],
): Branch {
  const children: (Branch | Leaf)[] = []
  let count = 0
  for (const sub of groups.values()) {
    let child: Branch | Leaf
    if (isLeaf(sub)) {
      const leaf = makeLeaf(sub, mine, total, anyKept)
      for (let k = 0; k < sub.length; k++) leafOf[sub[k] as number] = leaf
      child = leaf
    } else child = makeBranch(sub, mine, total, anyKept, leafOf)
    count += child.count
    children.push(child)
  }
  return { count, children }
}

const isLeaf = (g: SpreadGroups): g is readonly number[] => Array.isArray(g)

/**
 * The candidates' positions grouped by each spread level's value (values in
 * order), kept in the node set's memo when given: it depends only on the
 * candidate list and the spread keys, which many services share.
 */
function spreadGroups(
  candidates: readonly SchedNode[],
  spread: readonly string[],
  readers: readonly ((node: SchedNode) => string)[],
  memo: StaticMemo | undefined,
): SpreadGroups {
  const key = spread.join('\u0000')
  const known = memo?.spread.get(candidates)?.get(key)
  if (known) return known
  const levels = readers.map((read, level) => spreadIds(candidates, read, spread[level] ?? '', memo))
  const group = (members: readonly number[], level: number): SpreadGroups => {
    const ids = levels[level]
    if (ids === undefined) return members
    // Buckets by value number; then the values present, in order.
    const { of, values } = ids
    const buckets = new Array<number[] | undefined>(values.length)
    const present: number[] = []
    for (let k = 0; k < members.length; k++) {
      const i = members[k] as number
      const id = of[i] as number
      const bucket = buckets[id]
      if (bucket) bucket.push(i)
      else {
        buckets[id] = [i]
        present.push(id)
      }
    }
    present.sort((a, b) => compareText(values[a] as string, values[b] as string))
    const out = new Map<string, SpreadGroups>()
    for (const id of present) out.set(values[id] as string, group(buckets[id] as number[], level + 1))
    return out
  }
  const all = new Array<number>(candidates.length)
  for (let i = 0; i < all.length; i++) all[i] = i
  const groups = group(all, 0)
  if (memo) {
    let byKey = memo.spread.get(candidates)
    if (!byKey) {
      byKey = new Map()
      memo.spread.set(candidates, byKey)
    }
    byKey.set(key, groups)
  }
  return groups
}

const newIds = (size: number | undefined): SpreadIds => ({
  byNode: size === undefined ? undefined : new Int32Array(size).fill(-1),
  values: [],
  idOf: new Map(),
})

/** As `sort()` orders strings: by UTF-16 code units. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Each candidate's value of a spread key as a number (`of`, by candidate position), and
 * the values by number. On a candidate list of the node set's memo the numbers are the
 * set's, each node's value read once per node set and key, whatever list it is in (labels
 * are read through a lookup that sees many shapes); otherwise, numbered for this list.
 */
function spreadIds(
  candidates: readonly SchedNode[],
  read: (node: SchedNode) => string,
  key: string,
  memo: StaticMemo | undefined,
): { readonly of: Int32Array; readonly values: readonly string[] } {
  const of = new Int32Array(candidates.length)
  const positions = memo?.positions.get(candidates)
  let ids: SpreadIds
  if (memo && positions) {
    ids = memo.spreadIds.get(key) ?? newIds(memo.size)
    memo.spreadIds.set(key, ids)
  } else ids = newIds(undefined)
  const number = (node: SchedNode) => {
    const value = read(node)
    let id = ids.idOf.get(value)
    if (id === undefined) {
      id = ids.values.length
      ids.values.push(value)
      ids.idOf.set(value, id)
    }
    return id
  }
  const byNode = ids.byNode
  for (let i = 0; i < candidates.length; i++) {
    if (!byNode || !positions) {
      of[i] = number(candidates[i] as SchedNode)
      continue
    }
    const p = positions[i] as number
    let id = byNode[p] as number
    if (id < 0) {
      id = number(candidates[i] as SchedNode)
      byNode[p] = id
    }
    of[i] = id
  }
  return { of, values: ids.values }
}

/** Finds and removes the best fitting candidate, or undefined when none fits. */
function take(tree: Branch | Leaf, fits: (i: number) => boolean): number | undefined {
  if ('heap' in tree) {
    for (let i = popRank(tree.heap); i !== undefined; i = popRank(tree.heap)) {
      if (fits(i)) {
        tree.count++
        return i
      }
    }
    return undefined
  }
  let exhausted: Set<Branch | Leaf> | undefined
  for (;;) {
    // The branch with the fewest tasks of the service; the first in value order on a tie.
    let best: Branch | Leaf | undefined
    for (const child of tree.children) {
      if (!exhausted?.has(child) && (!best || child.count < best.count)) best = child
    }
    if (!best) return undefined
    const i = take(best, fits)
    if (i !== undefined) {
      tree.count++
      return i
    }
    exhausted ??= new Set()
    exhausted.add(best)
  }
}
