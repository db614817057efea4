import type { FilterContext } from './filters.js'
import { fits } from './fit.js'
import type { Heap } from './heap.js'
import { createHeap } from './heap.js'
import { attributeReader } from './node-attributes.js'
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
  const mine = new Int32Array(m)
  const total = new Int32Array(m)
  const cpus = new Float64Array(m)
  const memory = new Float64Array(m)
  readLoads(input, total, cpus, memory)
  if (input.serviceTasks.size > 0)
    for (let i = 0; i < m; i++) mine[i] = input.serviceTasks.get((candidates[i] as SchedNode).name) ?? 0
  const max = demand.maxReplicasPerNode
  // A host-mode port admits one task per node: none where another service or one of
  // this service's own tasks holds it (or a task placed here by this call), one where free.
  const hostPorts = demand.hostPorts ?? []
  const portTaken = new Uint8Array(m)
  const placedHere = new Uint8Array(m)
  if (hostPorts.length > 0) {
    for (let i = 0; i < m; i++) {
      const node = candidates[i] as SchedNode
      const held = input.hostPortHolders?.(node)
      const own = input.ownHostPorts
        ? hostPorts.some((p) => input.ownHostPorts?.(node).has(p))
        : mine[i] !== 0
      if (own || (held && hostPorts.some((p) => held.has(p)))) portTaken[i] = 1
    }
  }
  const room = (i: number) =>
    (max === 0 || (mine[i] as number) < max) &&
    (hostPorts.length === 0 || (portTaken[i] === 0 && placedHere[i] === 0)) &&
    fits(candidates[i] as SchedNode, { cpus: cpus[i] as number, memory: memory[i] as number }, demand)
  // Candidates come sorted by name, so the index breaks ties by name.
  const before = (a: number, b: number) =>
    (mine[a] as number) - (mine[b] as number) || (total[a] as number) - (total[b] as number) || a - b

  const readers = demand.spread.map(attributeReader)
  const root = buildTree(candidates, readers, mine, before)
  const placed: SchedNode[] = []
  while (placed.length < input.count) {
    const i = take(root, room)
    if (i === undefined) break
    placed.push(candidates[i] as SchedNode)
    placedHere[i] = 1
    mine[i] = (mine[i] as number) + 1
    total[i] = (total[i] as number) + 1
    cpus[i] = (cpus[i] as number) + demand.cpus
    memory[i] = (memory[i] as number) + demand.memory
    reinsert(root, candidates, i, readers)
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

/** Fills the candidates' loads: from the slot arrays when given (no per-node lookups), else from `load`. */
function readLoads(input: PlaceInput, total: Int32Array, cpus: Float64Array, memory: Float64Array): void {
  const { candidates, demand } = input
  const fast = input.loadArrays
  // Candidates come from one node set: either all have a slot or none has.
  if (!fast || candidates[0]?.loadSlot === undefined) {
    candidates.forEach((node, i) => {
      const load = input.load(node)
      total[i] = load.tasks
      cpus[i] = load.cpus
      memory[i] = load.memory
    })
    return
  }
  const { arrays, delta } = fast
  for (let i = 0; i < candidates.length; i++) {
    const slot = (candidates[i] as SchedNode).loadSlot as number
    total[i] = arrays.tasks[slot] as number
    cpus[i] = arrays.cpus[slot] as number
    memory[i] = arrays.memory[slot] as number
  }
  if (delta.size === 0) return
  for (let i = 0; i < candidates.length; i++) {
    const d = delta.get((candidates[i] as SchedNode).name)
    if (!d) continue
    total[i] = (total[i] as number) + d
    cpus[i] = (cpus[i] as number) + d * demand.cpus
    memory[i] = (memory[i] as number) + d * demand.memory
  }
}

/** A leaf holds a min-heap of candidate indices; a branch, one child per label value. */
interface Leaf {
  count: number
  heap: Heap<number>
}
interface Branch {
  count: number
  children: Map<string, Branch | Leaf>
}

function buildTree(
  nodes: readonly SchedNode[],
  spread: readonly ((node: SchedNode) => string)[],
  mine: Int32Array,
  before: (a: number, b: number) => number,
): Branch | Leaf {
  const all = new Array<number>(nodes.length)
  for (let i = 0; i < nodes.length; i++) all[i] = i
  const grow = (members: number[], level: number): Branch | Leaf => {
    let count = 0
    for (const i of members) count += mine[i] as number
    const read = spread[level]
    if (read === undefined) return { count, heap: createHeap(before, members, { adopt: true }) }
    const groups = new Map<string, number[]>()
    for (const i of members) {
      const value = read(nodes[i] as SchedNode)
      const group = groups.get(value)
      if (group) group.push(i)
      else groups.set(value, [i])
    }
    const children = new Map<string, Branch | Leaf>()
    for (const value of [...groups.keys()].sort())
      children.set(value, grow(groups.get(value) ?? [], level + 1))
    return { count, children }
  }
  return grow(all, 0)
}

/** Finds and removes the best fitting candidate, or undefined when none fits. */
function take(tree: Branch | Leaf, fits: (i: number) => boolean): number | undefined {
  if ('heap' in tree) {
    for (let i = tree.heap.pop(); i !== undefined; i = tree.heap.pop()) {
      if (fits(i)) {
        tree.count++
        return i
      }
    }
    return undefined
  }
  const exhausted = new Set<Branch | Leaf>()
  for (;;) {
    let best: Branch | Leaf | undefined
    for (const child of tree.children.values()) {
      if (!exhausted.has(child) && (!best || child.count < best.count)) best = child
    }
    if (!best) return undefined
    const i = take(best, fits)
    if (i !== undefined) {
      tree.count++
      return i
    }
    exhausted.add(best)
  }
}

/** Puts a candidate that just got a task back into its leaf, with its new rank. */
function reinsert(
  tree: Branch | Leaf,
  nodes: readonly SchedNode[],
  i: number,
  spread: readonly ((node: SchedNode) => string)[],
): void {
  let current = tree
  for (const read of spread) {
    if ('heap' in current) break
    const next = current.children.get(read(nodes[i] as SchedNode))
    if (!next) return
    current = next
  }
  if ('heap' in current) current.heap.push(i)
}
