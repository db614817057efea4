import type { FilterContext } from './filters.js'
import { maxReplicasFilter, resourceFilter } from './filters.js'
import type { Heap } from './heap.js'
import { createHeap } from './heap.js'
import { nodeAttribute } from './node-attributes.js'
import type { NodeLoad, SchedNode, TaskDemand } from './types.js'

export interface PlaceInput {
  readonly demand: TaskDemand
  /** Nodes that passed the static filters (see `staticCandidates`). */
  readonly candidates: readonly SchedNode[]
  readonly count: number
  /** Load per node from every service, including this one's kept tasks. */
  readonly load: (node: SchedNode) => NodeLoad
  /** This service's kept tasks per node name. */
  readonly serviceTasks: ReadonlyMap<string, number>
}

export interface PlaceResult {
  /** One node per placed task, in placement order. */
  readonly placed: readonly SchedNode[]
  /** The context at the end, for explaining what could not be placed. */
  readonly ctx: FilterContext
}

interface Leaf {
  count: number
  heap: Heap<SchedNode>
}
interface Branch {
  count: number
  children: Map<string, Branch | Leaf>
}

/**
 * Places up to `count` tasks among the candidates, one at a time: honour each
 * `spread` level (the branch with the fewest tasks of the service, then the
 * label value), then the node with the fewest tasks of the service, the fewest
 * tasks in all, then the node name — Swarm's ranking. A node that no longer
 * fits (resources, max replicas) leaves the queue for good: loads only grow.
 */
export function placeTasks(input: PlaceInput): PlaceResult {
  const { demand } = input
  const extra = new Map<string, NodeLoad>()
  const mine = new Map(input.serviceTasks)
  const ctx: FilterContext = {
    demand,
    load: (node) => {
      const add = extra.get(node.name)
      const base = input.load(node)
      return add
        ? { tasks: base.tasks + add.tasks, cpus: base.cpus + add.cpus, memory: base.memory + add.memory }
        : base
    },
    serviceTasks: (node) => mine.get(node.name) ?? 0,
  }
  const rank = (a: SchedNode, b: SchedNode) =>
    ctx.serviceTasks(a) - ctx.serviceTasks(b) ||
    ctx.load(a).tasks - ctx.load(b).tasks ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  const root = buildTree(input.candidates, demand.spread, rank, ctx)
  const fits = (node: SchedNode) => resourceFilter.check(node, ctx) && maxReplicasFilter.check(node, ctx)

  const placed: SchedNode[] = []
  while (placed.length < input.count) {
    const node = takeNode(root, fits)
    if (!node) break
    placed.push(node)
    mine.set(node.name, (mine.get(node.name) ?? 0) + 1)
    const add = extra.get(node.name) ?? { tasks: 0, cpus: 0, memory: 0 }
    extra.set(node.name, {
      tasks: add.tasks + 1,
      cpus: add.cpus + demand.cpus,
      memory: add.memory + demand.memory,
    })
    reinsert(root, node, demand.spread)
  }
  return { placed, ctx }
}

function buildTree(
  nodes: readonly SchedNode[],
  spread: readonly string[],
  rank: (a: SchedNode, b: SchedNode) => number,
  ctx: FilterContext,
): Branch | Leaf {
  const count = nodes.reduce((sum, n) => sum + ctx.serviceTasks(n), 0)
  const [level, ...rest] = spread
  if (level === undefined) return { count, heap: createHeap(rank, nodes) }
  const groups = new Map<string, SchedNode[]>()
  for (const node of nodes) {
    const value = nodeAttribute(node, level)
    const group = groups.get(value)
    if (group) group.push(node)
    else groups.set(value, [node])
  }
  const children = new Map<string, Branch | Leaf>()
  for (const value of [...groups.keys()].sort())
    children.set(value, buildTree(groups.get(value) ?? [], rest, rank, ctx))
  return { count, children }
}

/** Finds and removes the best fitting node, or undefined when none fits. */
function takeNode(tree: Branch | Leaf, fits: (node: SchedNode) => boolean): SchedNode | undefined {
  if ('heap' in tree) {
    for (let node = tree.heap.pop(); node; node = tree.heap.pop()) {
      if (fits(node)) {
        tree.count++
        return node
      }
    }
    return undefined
  }
  const order = [...tree.children.values()]
  const exhausted = new Set<Branch | Leaf>()
  for (;;) {
    let best: Branch | Leaf | undefined
    for (const child of order) if (!exhausted.has(child) && (!best || child.count < best.count)) best = child
    if (!best) return undefined
    const node = takeNode(best, fits)
    if (node) {
      tree.count++
      return node
    }
    exhausted.add(best)
  }
}

/** Puts a node that just got a task back into its leaf queue, with its new rank. */
function reinsert(tree: Branch | Leaf, node: SchedNode, spread: readonly string[]): void {
  let current = tree
  for (const level of spread) {
    if ('heap' in current) break
    const next = current.children.get(nodeAttribute(node, level))
    if (!next) return
    current = next
  }
  if ('heap' in current) current.heap.push(node)
}
