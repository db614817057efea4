/**
 * What the scheduler sees: nodes, what a service's tasks demand, and the
 * load already on each node. Plain data, built by the service controller from
 * the store; the scheduler itself does no I/O.
 */

export type Availability = 'active' | 'pause' | 'drain'

export interface SchedNode {
  readonly name: string
  /** 25-char id derived from the name (`node.id` constraints). */
  readonly id: string
  readonly role: 'manager' | 'worker'
  readonly availability: Availability
  readonly labels: Readonly<Record<string, string>>
  readonly os: string
  readonly arch: string
  /** Capacity in nano-CPUs / bytes; undefined = unlimited. */
  readonly cpus: number | undefined
  readonly memory: number | undefined
  /** Enabled plugins, as `pluginKey(type, name)`. */
  readonly plugins: ReadonlySet<string>
  /** Local-scope volumes that exist on this node. */
  readonly volumes: ReadonlySet<string>
  /** Where this node's load sits in `LoadArrays`, when the caller keeps loads that way. */
  readonly loadSlot?: number
}

export interface PluginNeed {
  readonly type: 'Volume' | 'Network' | 'Log'
  /** Normalised `name:tag`. */
  readonly name: string
}

export interface Constraint {
  readonly key: string
  readonly operator: '==' | '!='
  readonly value: string
}

/** What every task of one service needs from a node. */
export interface TaskDemand {
  readonly plugins: readonly PluginNeed[]
  /** Local-scope volumes the task mounts: they must exist on the node. */
  readonly volumes: readonly string[]
  readonly constraints: readonly Constraint[]
  readonly platforms: readonly { readonly os?: string; readonly arch?: string }[]
  /** Reservations in nano-CPUs / bytes (0 = none). */
  readonly cpus: number
  readonly memory: number
  /** 0 = unlimited. */
  readonly maxReplicasPerNode: number
  /** Spread preference descriptors, e.g. `node.labels.zone`, outermost first. */
  readonly spread: readonly string[]
  /** Host-mode published ports, `8080/tcp`: each admits one task per node. Absent = none. */
  readonly hostPorts?: readonly string[]
}

/** Load already on a node, from every service. */
export interface NodeLoad {
  tasks: number
  cpus: number
  memory: number
}

/** Loads of every node by `SchedNode.loadSlot`: the scheduler's fast path. */
export interface LoadArrays {
  readonly tasks: ArrayLike<number>
  readonly cpus: ArrayLike<number>
  readonly memory: ArrayLike<number>
}

export function pluginKey(need: PluginNeed): string {
  return `${need.type}:${need.name}`
}

export const EMPTY_LOAD: Readonly<NodeLoad> = Object.freeze({ tasks: 0, cpus: 0, memory: 0 })
