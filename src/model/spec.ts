/**
 * Spec shapes as people write them, after the CRD schema has
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

/** How tasks are replaced when the template changes (Swarm's `UpdateConfig`). Defaults in `update-settings.ts`. */
export interface UpdateConfig {
  /** Tasks replaced per batch; 0 = all at once. Default 1. */
  parallelism?: number
  /** Wait between batches, e.g. `10s`. Default 0s. */
  delay?: string
  order?: 'stop-first' | 'start-first'
  failureAction?: 'pause' | 'continue' | 'rollback'
  /** Share of failed replacements tolerated before `failureAction` applies, 0..1. Default 0. */
  maxFailureRatio?: number
  monitor?: string
}

/**
 * A Secret's or Config's content: a file beside the manifest (`./db-password.txt`,
 * relative to the manifest's own file, inside the manifest directory), or
 * `external: true` for content managed outside berth.
 */
export interface FileContentSpec {
  file?: string
  external?: boolean
}

/** A service's use of a secret or config: Docker's long syntax, or just the name (short for `{source}`). */
export type FileReference =
  | string
  | { source: string; target?: string; uid?: string; gid?: string; mode?: number }

/** A published port (Docker's `--publish`); `protocol` defaults to tcp, `mode` to ingress. */
export interface PortSpec {
  target: number
  published?: number
  protocol?: 'tcp' | 'udp' | 'sctp'
  mode?: 'ingress' | 'host'
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
  /** Bump it to replace every task (docker service update --force). */
  forceUpdate?: number
  updateConfig?: UpdateConfig
  /** As `updateConfig`; `failureAction` is pause or continue. */
  rollbackConfig?: UpdateConfig
  ports?: PortSpec[]
  secrets?: FileReference[]
  configs?: FileReference[]
  /** Labels of each task's container (compose's service-level `labels`). */
  containerLabels?: Record<string, string>
}

/** What a task is made from: a service spec without how many, where, and how to roll it out. */
export type TaskTemplate = Omit<
  ServiceSpec,
  'replicas' | 'mode' | 'placement' | 'updateConfig' | 'rollbackConfig'
>

export interface SpecByKind {
  Node: NodeSpec
  Plugin: PluginSpec
  Volume: VolumeSpec
  Network: NetworkSpec
  Secret: FileContentSpec
  Config: FileContentSpec
  Service: ServiceSpec
}
