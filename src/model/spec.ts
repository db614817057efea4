/**
 * Spec shapes as people write them (SPEC §1), after the CRD schema has
 * validated them. Optional fields stay optional here; defaults are applied
 * where they are read (see `defaults.ts`).
 */

export type Quantity = number | string

export interface NodeSpec {
  role?: 'manager' | 'worker'
  availability?: 'active' | 'pause' | 'drain'
  resources?: { cpus?: Quantity; memory?: Quantity }
  platform?: { os?: string; architecture?: string }
}

export interface Privilege {
  name: string
  description?: string
  value: string[]
}

/** A Docker plugin `config.json`, plus berth's `scope`. Only the fields berth reads. */
export interface PluginConfig {
  description?: string
  documentation?: string
  interface?: { types?: string[]; socket?: string }
  network?: { type?: string }
  ipchost?: boolean
  pidhost?: boolean
  mounts?: { source?: string; destination?: string; type?: string; options?: string[]; name?: string }[]
  propagatedmount?: string
  linux?: {
    capabilities?: string[]
    allowAllDevices?: boolean
    devices?: { path?: string; name?: string }[]
  }
  entrypoint?: string[]
  workdir?: string
  env?: { name: string; value?: string; settable?: string[]; description?: string }[]
  args?: unknown
  user?: unknown
  rootfs?: unknown
  /** berth's addition: the driver's data scope. Default `local`. */
  scope?: 'local' | 'global'
}

export interface PluginSpec {
  remote: string
  alias?: string
  enabled?: boolean
  nodes?: string[]
  nodeSelector?: Record<string, string>
  grantAllPermissions?: boolean
  grantedPrivileges?: Privilege[]
  config?: PluginConfig
}

export interface VolumeSpec {
  driver?: string
  driverOpts?: Record<string, string>
  nodes?: string[]
}

export interface NetworkSpec {
  driver?: string
  attachable?: boolean
  internal?: boolean
  driverOpts?: Record<string, string>
  ipam?: { driver?: string; config?: { subnet?: string; gateway?: string; ipRange?: string }[] }
}

export interface ServiceMount {
  type?: 'volume' | 'bind' | 'tmpfs'
  source?: string
  target: string
  readOnly?: boolean
  volumeDriver?: string
}

export interface ServiceSpec {
  image: string
  command?: string[]
  args?: string[]
  env?: string[]
  mode?: 'replicated' | 'global'
  replicas?: number
  networks?: string[]
  mounts?: ServiceMount[]
  logDriver?: { name: string; options?: Record<string, string> }
  placement?: {
    constraints?: string[]
    preferences?: { spread: string }[]
    maxReplicasPerNode?: number
    platforms?: { os?: string; architecture?: string }[]
  }
  resources?: {
    reservations?: { cpus?: Quantity; memory?: Quantity }
    limits?: { cpus?: Quantity; memory?: Quantity }
  }
  forceUpdate?: number
  updateConfig?: RolloutConfig
  rollbackConfig?: RolloutConfig
  ports?: ServicePort[]
  secrets?: FileReference[]
  configs?: FileReference[]
  containerLabels?: Record<string, string>
}

/** `updateConfig` / `rollbackConfig`: how a template change rolls out (SPEC §6). */
export interface RolloutConfig {
  parallelism?: number
  delay?: string
  order?: 'stop-first' | 'start-first'
  failureAction?: 'pause' | 'continue' | 'rollback'
  maxFailureRatio?: number
  monitor?: string
}

export interface ServicePort {
  target: number
  published?: number
  protocol?: 'tcp' | 'udp' | 'sctp'
  mode?: 'ingress' | 'host'
}

/** A service's use of a Secret or Config, in Docker's long syntax. */
export interface FileReference {
  source: string
  target?: string
  uid?: string
  gid?: string
  mode?: number
}

/** A Secret or Config: a file beside the manifest (its content never enters a manifest), or external. */
export interface FileObjectSpec {
  file?: string
  external?: boolean
}

export interface SpecByKind {
  Secret: FileObjectSpec
  Config: FileObjectSpec
  Node: NodeSpec
  Plugin: PluginSpec
  Volume: VolumeSpec
  Network: NetworkSpec
  Service: ServiceSpec
}
