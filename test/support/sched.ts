import type { FilterContext } from '../../src/scheduler/filters.js'
import type { NodeLoad, SchedNode, TaskDemand } from '../../src/scheduler/types.js'
import { EMPTY_LOAD } from '../../src/scheduler/types.js'

/** A scheduler node with Docker's defaults: an active linux/x86_64 worker, unlimited capacity. */
export function schedNode(name: string, over: Partial<SchedNode> = {}): SchedNode {
  return {
    name,
    id: `id-${name}`,
    role: 'worker',
    availability: 'active',
    labels: {},
    os: 'linux',
    arch: 'x86_64',
    cpus: undefined,
    memory: undefined,
    plugins: new Set(),
    volumes: new Set(),
    ...over,
  }
}

/** A task demand that asks for nothing. */
export function demand(over: Partial<TaskDemand> = {}): TaskDemand {
  return {
    plugins: [],
    volumes: [],
    constraints: [],
    platforms: [],
    cpus: 0,
    memory: 0,
    maxReplicasPerNode: 0,
    spread: [],
    ...over,
  }
}

/** A filter context over fixed loads and per-node task counts of the service. */
export function filterContext(
  d: TaskDemand,
  loads: Readonly<Record<string, NodeLoad>> = {},
  mine: Readonly<Record<string, number>> = {},
): FilterContext {
  return {
    demand: d,
    load: (node) => loads[node.name] ?? EMPTY_LOAD,
    serviceTasks: (node) => mine[node.name] ?? 0,
  }
}

export const CPU = 1e9
export const GiB = 1024 ** 3
export const MiB = 1024 ** 2
