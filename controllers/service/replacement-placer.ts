import type { TaskStatus } from '../../src/model/status.js'
import type { FilterContext } from '../../src/scheduler/filters.js'
import { hostPortFilter, resourceFilter } from '../../src/scheduler/filters.js'
import { explainRejections, noSuitableNode, staticCandidates } from '../../src/scheduler/pipeline.js'
import { placeTasks } from '../../src/scheduler/place.js'
import { countByNode, ownDelta, planLoad } from './own-load.js'
import type { PlanInput } from './plan-types.js'
import { addHostPorts, hostPortHolders, ownHostPorts, ownHostPortsOf } from './ports.js'
import type { Placement, PlaceReplacement } from './update-plan.js'

/**
 * Places update replacements against real capacity: every other service's
 * load as recorded, plus this service's running tasks as the plan leaves them
 * — the old task counted as gone (stop-first) or still there (start-first).
 * Host-mode ports likewise: other services' holders, and this service's tasks
 * that really hold a port (made from a template that publishes it), the old
 * task's ports freed first on stop-first. Each success updates the account.
 * A replicated replacement may go to any node, ranked as a new task would be;
 * a global one only to its old node.
 */
export function replacementPlacer(
  input: PlanInput,
  running: readonly TaskStatus[],
  global: boolean,
): PlaceReplacement {
  const { demand, blocker, nodes, view } = input
  const previous = input.service.status?.tasks ?? []
  const live = running.filter((t) => t.desiredState === 'running')
  const counts = countByNode(live)
  const ports = ownHostPorts(live)
  const holders = hostPortHolders(view, input.service.name, demand)
  const move = (node: string | undefined, by: number, hostPorts: readonly string[] | undefined) => {
    if (node) counts.set(node, (counts.get(node) ?? 0) + by)
    addHostPorts(ports, node, hostPorts, by)
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
  const pick = (old: TaskStatus, ctx: FilterContext): Placement => {
    const candidates = staticCandidates(nodes, ctx)
    if (global) {
      const node = candidates.find((n) => n.name === old.node)
      if (node && resourceFilter.check(node, ctx) && hostPortFilter.check(node, ctx))
        return { node: node.name }
      const why = explainRejections(nodes, ctx).rejected.get(old.node ?? '')
      return { reason: why ? `${why} on ${old.node}` : `no room on ${old.node}` }
    }
    const result = placeTasks({
      demand,
      candidates,
      count: 1,
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
  return (old, order) => {
    if (blocker) return { reason: blocker.message }
    if (order === 'stop-first') move(old.node, -1, old.hostPorts)
    const placement = pick(old, context())
    if ('node' in placement) {
      move(placement.node, 1, demand.hostPorts)
      if (order === 'start-first') move(old.node, -1, old.hostPorts)
    } else if (order === 'stop-first') move(old.node, 1, old.hostPorts)
    return placement
  }
}
