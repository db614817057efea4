import type { Resource } from '../../src/model/resource.js'
import type { TaskStatus } from '../../src/model/status.js'
import type { NodeSet } from '../../src/scheduler/node-set.js'
import type { TaskDemand } from '../../src/scheduler/types.js'
import type { View } from '../../src/view/view.js'
import type { Blocker } from './demand.js'

/** What new tasks are made from, recorded on each task's status line. */
export interface Stamp {
  readonly image: string
  /** `templateDigest` of the template. */
  readonly template: string
  /** The template's host-mode ports: what its running tasks hold on their nodes. */
  readonly hostPorts?: string[]
}

/**
 * How a running task is judged: by the demand of the template it was made
 * from. `older` marks a task of a template an update is replacing: it is not
 * evicted for overcommit, because the load index counts every task of a
 * service at the spec's reservations and would overstate it; its
 * replacement is placed against real capacity instead.
 */
export type KeepJudge = (task: TaskStatus) => {
  readonly demand: TaskDemand
  readonly blocker: Blocker | undefined
  readonly older?: boolean
}

/** Everything a task plan reads. */
export interface PlanInput {
  readonly service: Resource<'Service'>
  readonly demand: TaskDemand
  /** Set when a dependency is missing: nothing may run until it is back. */
  readonly blocker: Blocker | undefined
  readonly nodes: NodeSet
  readonly view: View
  /** Stamped on every task the plan creates; running tasks recorded without one adopt it. */
  readonly stamp?: Stamp
  /** Judges kept tasks made from another template; default: the service's demand and blocker. */
  readonly keep?: KeepJudge
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
