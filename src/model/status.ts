/** Status shapes berth writes (SPEC §1). Only berth writes these. */
import type { Privilege } from './spec.js'

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
