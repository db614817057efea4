import type { TaskStatus } from '../../src/model/status.js'
import type { FilterContext } from '../../src/scheduler/filters.js'
import { constraintFilter, platformFilter, pluginFilter, volumeFilter } from '../../src/scheduler/filters.js'
import type { NodeSet } from '../../src/scheduler/node-set.js'
import type { TaskDemand } from '../../src/scheduler/types.js'
import { EMPTY_LOAD } from '../../src/scheduler/types.js'
import { overcommittedTasks } from './overcommit.js'
import type { PlanInput } from './plan-types.js'
import { hostPortEviction } from './ports.js'

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

/**
 * The one judge of a running task, for both planners: why it must stop, or
 * undefined when it keeps running. It is judged by the template it was made
 * from (`PlanInput.keep`): a dependency missing (the blocker), its node no
 * longer having what it needs (`evictionReason`), another service taking its
 * host port (`hostPortEviction`), or its node's capacity shrinking below what
 * its tasks reserve (`overcommittedTasks`; not for a task an update is
 * replacing, see `KeepJudge`). `adopted` is the task as the plan records it.
 */
export function stopReason(
  input: PlanInput,
  task: TaskStatus,
  node: string,
  adopted: TaskStatus,
  overcommit: Overcommit,
): string | undefined {
  const judge = input.keep?.(task) ?? { demand: input.demand, blocker: input.blocker }
  return (
    judge.blocker?.message ??
    evictionReason(node, input.nodes, judge.demand) ??
    hostPortEviction(input.view, input.service.name, adopted.hostPorts, node) ??
    (!judge.older && overcommit.evicts(node).has(task.id) ? overcommit.message(node) : undefined)
  )
}

/** The service's tasks to evict per overcommitted node, worked out once per node, and what to say. */
export interface Overcommit {
  evicts(node: string): ReadonlySet<string>
  message(node: string): string
}

export function overcommitOf(input: PlanInput, message: (node: string) => string): Overcommit {
  const known = new Map<string, ReadonlySet<string>>()
  return {
    evicts(node) {
      let set = known.get(node)
      if (!set) {
        const sched = input.nodes.byName.get(node)
        set = sched ? overcommittedTasks(input.service.name, sched, input.view) : new Set<string>()
        known.set(node, set)
      }
      return set
    },
    message,
  }
}
