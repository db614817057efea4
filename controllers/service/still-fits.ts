import type { FilterContext } from '../../src/scheduler/filters.js'
import { constraintFilter, platformFilter, pluginFilter, volumeFilter } from '../../src/scheduler/filters.js'
import type { NodeSet } from '../../src/scheduler/node-set.js'
import type { TaskDemand } from '../../src/scheduler/types.js'
import { EMPTY_LOAD } from '../../src/scheduler/types.js'

/** Filters a running task must keep passing; `pause` keeps tasks, so readiness is checked apart. */
const keepFilters = [pluginFilter, volumeFilter, constraintFilter, platformFilter]

/**
 * Desired state wins: why a task placed on `nodeName` can no longer run there
 * (node deleted or drained, plugin gone or disabled, local volume gone,
 * constraint false, platform), or undefined when it can stay. Resources are
 * judged apart, across services (see `overcommit.ts`).
 */
export function evictionReason(nodeName: string, nodes: NodeSet, demand: TaskDemand): string | undefined {
  // These filters read only the node and the demand, never the load.
  const ctx: FilterContext = { demand, load: () => EMPTY_LOAD, serviceTasks: () => 0 }
  const node = nodes.byName.get(nodeName)
  if (!node) return `node ${nodeName} was removed`
  if (node.availability === 'drain') return `node ${nodeName} was drained`
  for (const filter of keepFilters)
    if (!filter.check(node, ctx)) return `${filter.detail(node, ctx)} on ${nodeName}`
  return undefined
}
