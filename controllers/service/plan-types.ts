import type { Resource } from '../../src/model/resource.js'
import type { TaskStatus } from '../../src/model/status.js'
import type { NodeSet } from '../../src/scheduler/node-set.js'
import type { TaskDemand } from '../../src/scheduler/types.js'
import type { View } from '../../src/view/view.js'
import type { Blocker } from './demand.js'

/** Everything a task plan reads. */
export interface PlanInput {
  readonly service: Resource<'Service'>
  readonly demand: TaskDemand
  /** Set when a dependency is missing: nothing may run until it is back. */
  readonly blocker: Blocker | undefined
  readonly nodes: NodeSet
  readonly view: View
}

/** A plan's result: the tasks to record, and what to say about what could not run. */
export interface TaskPlan {
  readonly tasks: TaskStatus[]
  readonly desired: number
  readonly running: number
  /** Why tasks wait (replicated) or which nodes get none (global), per node. */
  readonly rejected: ReadonlyMap<string, string>
  /** Swarm's summary for waiting tasks, e.g. `no suitable node (missing plugin on 1 node)`. */
  readonly waiting: string | undefined
}
