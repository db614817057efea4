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

export interface ServiceStatus extends CommonStatus {
  replicas?: { desired: number; running: number }
  tasks?: TaskStatus[]
}

/** A Secret's or Config's content digest (`sha256:<hex>`) and size in bytes. */
export interface FileObjectStatus extends CommonStatus {
  digest?: string
  size?: number
}

export interface StatusByKind {
  Secret: FileObjectStatus
  Config: FileObjectStatus
  Node: NodeStatus
  Plugin: PluginStatus
  Volume: VolumeStatus
  Network: NetworkStatus
  Service: ServiceStatus
}
