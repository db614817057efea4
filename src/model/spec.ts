/**
 * Spec shapes, after the CRD schema has validated them, in two forms: as people write
 * them (`Written*`, what `get -o yaml`, edits and digests use) and as berth reads them,
 * with the CRD's defaults applied once on load (`withSpecDefaults`). A field the CRD gives
 * a default is always present in the second form.
 */

export type Quantity = number | string

/** `T` with the fields `K` always present: the CRD gives each a default, applied on load. */
export type Defaulted<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> }

export interface WrittenNodeSpec {
  role?: 'manager' | 'worker'
  availability?: 'active' | 'pause' | 'drain'
  resources?: { cpus?: Quantity; memory?: Quantity }
  platform?: { os?: string; architecture?: string }
}

export type NodeSpec = Defaulted<Omit<WrittenNodeSpec, 'platform'>, 'role' | 'availability'> & {
  platform: { os: string; architecture: string }
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

export interface WrittenPluginSpec {
  remote: string
  alias?: string
  enabled?: boolean
  nodes?: string[]
  nodeSelector?: Record<string, string>
  grantAllPermissions?: boolean
  grantedPrivileges?: Privilege[]
  config?: PluginConfig
}

export type PluginSpec = Defaulted<WrittenPluginSpec, 'enabled' | 'grantAllPermissions'>

export interface WrittenVolumeSpec {
  driver?: string
  driverOpts?: Record<string, string>
  nodes?: string[]
}

export type VolumeSpec = Defaulted<WrittenVolumeSpec, 'driver'>

export interface WrittenNetworkSpec {
  driver?: string
  attachable?: boolean
  internal?: boolean
  driverOpts?: Record<string, string>
  ipam?: { driver?: string; config?: { subnet?: string; gateway?: string; ipRange?: string }[] }
}

export type NetworkSpec = Defaulted<
  Omit<WrittenNetworkSpec, 'ipam'>,
  'driver' | 'attachable' | 'internal'
> & {
  ipam: Defaulted<NonNullable<WrittenNetworkSpec['ipam']>, 'driver'>
}

export interface WrittenServiceMount {
  type?: 'volume' | 'bind' | 'tmpfs'
  source?: string
  target: string
  readOnly?: boolean
  volumeDriver?: string
}

export type ServiceMount = Defaulted<WrittenServiceMount, 'type' | 'readOnly'>

/** How tasks are replaced when the template changes (Swarm's `UpdateConfig`). Defaults in the CRD. */
export interface WrittenUpdateConfig {
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

export type UpdateConfig = Required<WrittenUpdateConfig>

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
export interface WrittenPortSpec {
  target: number
  published?: number
  protocol?: 'tcp' | 'udp' | 'sctp'
  mode?: 'ingress' | 'host'
}

export type PortSpec = Defaulted<WrittenPortSpec, 'protocol' | 'mode'>

export interface WrittenServiceSpec {
  image: string
  command?: string[]
  args?: string[]
  env?: string[]
  mode?: 'replicated' | 'global'
  replicas?: number
  networks?: string[]
  mounts?: WrittenServiceMount[]
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
  updateConfig?: WrittenUpdateConfig
  /** As `updateConfig`; `failureAction` is pause or continue. */
  rollbackConfig?: WrittenUpdateConfig
  ports?: WrittenPortSpec[]
  secrets?: FileReference[]
  configs?: FileReference[]
  /** Labels of each task's container (compose's service-level `labels`). */
  containerLabels?: Record<string, string>
}

export type ServiceSpec = Defaulted<
  Omit<WrittenServiceSpec, 'mounts' | 'ports' | 'placement' | 'updateConfig' | 'rollbackConfig'>,
  'mode' | 'replicas' | 'forceUpdate'
> & {
  placement: Defaulted<NonNullable<WrittenServiceSpec['placement']>, 'maxReplicasPerNode'>
  mounts?: ServiceMount[]
  ports?: PortSpec[]
  updateConfig: UpdateConfig
  rollbackConfig: UpdateConfig
}

/**
 * What a task is made from, as written: a service spec without how many, where, and how to
 * roll it out. Kept in status as written (no defaults), so its digest is the person's.
 */
export type TaskTemplate = Omit<
  WrittenServiceSpec,
  'replicas' | 'mode' | 'placement' | 'updateConfig' | 'rollbackConfig'
>

/** Each kind's spec as written. */
export interface WrittenSpecByKind {
  Node: WrittenNodeSpec
  Plugin: WrittenPluginSpec
  Volume: WrittenVolumeSpec
  Network: WrittenNetworkSpec
  Secret: FileContentSpec
  Config: FileContentSpec
  Service: WrittenServiceSpec
}

/** Each kind's spec as berth reads it: the CRD's defaults applied. */
export interface SpecByKind {
  Node: NodeSpec
  Plugin: PluginSpec
  Volume: VolumeSpec
  Network: NetworkSpec
  Secret: FileContentSpec
  Config: FileContentSpec
  Service: ServiceSpec
}
