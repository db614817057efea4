import type { TaskStatus } from '../../src/model/status.js'
import type { FilterContext } from '../../src/scheduler/filters.js'
import { hostPortFilter, maxReplicasFilter, resourceFilter } from '../../src/scheduler/filters.js'
import { explainRejections, noSuitableNode, staticCandidates } from '../../src/scheduler/pipeline.js'
import { placeTasks } from '../../src/scheduler/place.js'
import { countByNode, ownDelta, planLoad } from './own-load.js'
import type { PlanInput } from './plan-types.js'
import { addHostPorts, hostPortHolders, ownHostPorts, ownHostPortsOf } from './ports.js'
import type { Placement, PlaceReplacement } from './update-plan.js'

/**
 * Places update replacements against real capacity: every other service's
 * load as recorded, plus this service's running tasks as the plan leaves them.
 * Host-mode ports likewise: other services' holders, and this service's tasks
 * that really hold a port (made from a template that publishes it).
 *
 * stop-first: the old task is gone (its load and ports freed) before its
 * replacement is placed. start-first: the old task keeps running until the
 * whole batch is placed, as Swarm keeps it until its replacement runs, so it
 * counts — capacity, ports, max replicas and ranking — until the next batch.
 * Either way a replicated replacement is ranked as if its own old task were
 * gone (it takes that task's place, so a balanced service stays balanced
 * rather than drifting to the first node by name); start-first then keeps its
 * old node only if that node has room for both. A global replacement may go
 * only to its old node.
 */
export function replacementPlacer(
  input: PlanInput,
  running: readonly TaskStatus[],
  global: boolean,
): PlaceReplacement {
  // Most reconciles replace nothing: the counts and ports are worked out on the first replacement.
  let placer: PlaceReplacement | undefined
  return (old, order, n) => {
    placer ??= placerFor(input, running, global)
    return placer(old, order, n)
  }
}

function placerFor(input: PlanInput, running: readonly TaskStatus[], global: boolean): PlaceReplacement {
  const { demand, blocker, nodes, view } = input
  const previous = input.service.status?.tasks ?? []
  const live = running.filter((t) => t.desiredState === 'running')
  const counts = countByNode(live)
  const ports = ownHostPorts(live)
  const holders = hostPortHolders(view, input.service.name, demand)
  const move = (
    task: { node?: string | undefined; hostPorts?: readonly string[] | undefined },
    by: number,
  ) => {
    if (task.node) counts.set(task.node, (counts.get(task.node) ?? 0) + by)
    addHostPorts(ports, task.node, task.hostPorts, by)
  }
  let delta = new Map<string, number>()
  const context = (): FilterContext => {
    delta = ownDelta(previous, counts)
    const load = planLoad(view, demand, delta)
    return {
      demand,
      load,
      serviceTasks: (n) => counts.get(n.name) ?? 0,
      ...(holders ? { hostPortHolders: holders, ownHostPorts: ownHostPortsOf(ports) } : {}),
    }
  }
  const pickGlobal = (old: TaskStatus, ctx: FilterContext): Placement => {
    const node = staticCandidates(nodes, ctx).find((n) => n.name === old.node)
    if (node && resourceFilter.check(node, ctx) && hostPortFilter.check(node, ctx)) return { node: node.name }
    const why = explainRejections(nodes, ctx).rejected.get(old.node ?? '')
    return { reason: why ? `${why} on ${old.node}` : `no room on ${old.node}` }
  }
  const pick = (ctx: FilterContext): Placement => {
    const result = placeTasks({
      demand,
      candidates: staticCandidates(nodes, ctx),
      count: 1,
      memo: nodes.memo,
      load: ctx.load,
      serviceTasks: counts,
      loadArrays: { arrays: view.loadArrays(), delta },
      ...(ctx.hostPortHolders ? { hostPortHolders: ctx.hostPortHolders } : {}),
      ...(ctx.ownHostPorts ? { ownHostPorts: ctx.ownHostPorts } : {}),
    })
    const node = result.placed[0]
    if (node) return { node: node.name }
    return { reason: noSuitableNode(explainRejections(nodes, result.ctx)) }
  }
  /** start-first, replicated: ranked with the old task gone, then room for both on its own node. */
  const pickStartFirst = (old: TaskStatus): Placement => {
    move(old, -1)
    const ranked = pick(context())
    move(old, 1)
    if ('node' in ranked && ranked.node !== old.node) return ranked
    const ctx = context()
    const node = nodes.byName.get(old.node ?? '')
    const both = [resourceFilter, hostPortFilter, maxReplicasFilter].every((f) => node && f.check(node, ctx))
    return 'node' in ranked && both ? ranked : pick(ctx)
  }

  // start-first old tasks whose replacements are placed: they count until their batch is.
  let batch = 0
  const leaving: TaskStatus[] = []
  return (old, order, n) => {
    if (blocker) return { reason: blocker.message }
    if (n !== batch) {
      for (const task of leaving.splice(0)) move(task, -1)
      batch = n
    }
    if (order === 'stop-first') move(old, -1)
    const placement = global
      ? pickGlobal(old, context())
      : order === 'stop-first'
        ? pick(context())
        : pickStartFirst(old)
    if ('node' in placement) {
      move({ node: placement.node, hostPorts: demand.hostPorts }, 1)
      if (order === 'start-first') leaving.push(old)
    } else if (order === 'stop-first') move(old, 1)
    return placement
  }
}
