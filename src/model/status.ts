/** Status shapes berth writes. Only berth writes these. */
import type { Privilege, TaskTemplate } from './spec.js'

export type ConditionStatus = 'True' | 'False' | 'Unknown'

export interface Condition {
  type: string
  status: ConditionStatus
  reason: string
  message: string
  /** RFC 3339; changes only when `status` changes. */
  lastTransitionTime: string
}

/** Fields every status carries. */
export interface CommonStatus {
  /** The generation of the spec this status describes. */
  observedGeneration?: number
  /** Digest of the spec at `observedGeneration`; how a restart knows the spec changed. */
  specDigest?: string
  conditions?: Condition[]
}

export type PluginType = 'Volume' | 'Network' | 'Log' | 'IpamDriver' | 'Authorization'

export interface NodeStatus extends CommonStatus {
  state?: 'ready' | 'down' | 'unknown'
  plugins?: { type: PluginType; name: string }[]
  tasks?: number
}

export interface PluginStatus extends CommonStatus {
  name?: string
  capabilities?: string[]
  scope?: 'local' | 'global'
  privileges?: Privilege[]
  nodes?: { node: string; enabled: boolean }[]
}

export interface VolumeStatus extends CommonStatus {
  scope?: 'local' | 'global'
  nodes?: string[]
}

export interface NetworkStatus extends CommonStatus {
  id?: string
  scope?: 'swarm' | 'local'
  nodes?: string[]
}

export type TaskState = 'pending' | 'running' | 'shutdown'

export interface TaskStatus {
  id: string
  name: string
  slot?: number
  node?: string
  state: TaskState
  desiredState: 'running' | 'shutdown'
  message?: string
  /** The image this task runs, from the template it was made from. */
  image?: string
  /** Digest of the task template it was made from (`templateDigest`). */
  template?: string
  /**
   * The host-mode ports (`8080/tcp`) its template publishes, as Docker's task
   * `PortStatus`: what a running task holds on its node. Absent: none.
   */
  hostPorts?: string[]
}

/** Swarm's update states. */
export type UpdateState =
  | 'updating'
  | 'paused'
  | 'completed'
  | 'rollback_started'
  | 'rollback_paused'
  | 'rollback_completed'

export interface UpdateStatus {
  state: UpdateState
  startedAt: string
  completedAt?: string
  message: string
  /** While waiting out `delay` between batches: when the next batch is due (RFC 3339 with ms). */
  nextBatchAt?: string
}

/** A port a service publishes, defaults applied (Docker's `Endpoint.Ports`). */
export interface PublishedPort {
  protocol: 'tcp' | 'udp' | 'sctp'
  target: number
  published: number
  mode: 'ingress' | 'host'
}

export interface ServiceStatus extends CommonStatus {
  replicas?: { desired: number; running: number }
  tasks?: TaskStatus[]
  /** The last or current rolling update; absent until the template first changes. */
  updateStatus?: UpdateStatus
  /** The task template fully rolled out before the current one: what a rollback returns to. */
  previousSpec?: TaskTemplate
  /** The task template last fully rolled out: becomes `previousSpec` when an update starts. */
  appliedSpec?: TaskTemplate
  /** The published ports the service holds; absent while an ingress port is another service's. */
  ports?: PublishedPort[]
}

/** A Secret's or Config's status: what its content is, never the content itself. */
export interface FileContentStatus extends CommonStatus {
  /** `sha256:<hex>` of the content; absent for external content. */
  digest?: string
  /** Bytes. */
  size?: number
}

export interface StatusByKind {
  Node: NodeStatus
  Plugin: PluginStatus
  Volume: VolumeStatus
  Network: NetworkStatus
  Secret: FileContentStatus
  Config: FileContentStatus
  Service: ServiceStatus
}
