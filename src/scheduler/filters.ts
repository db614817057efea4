import { fits, lacking, reservesNothing } from './fit.js'
import { attributeReader, isPerNodeKey } from './node-attributes.js'
import { setKey } from './set-key.js'
import type { NodeLoad, SchedNode, TaskDemand } from './types.js'
import { pluginKey } from './types.js'

/** What a filter may read besides the node: the demand and the load so far. */
export interface FilterContext {
  readonly demand: TaskDemand
  load(node: SchedNode): NodeLoad
  /** Tasks of the service being scheduled already on the node. */
  serviceTasks(node: SchedNode): number
  /** Host-mode ports other services' tasks hold on the node: port → one such service. Absent = none. */
  hostPortHolders?(node: SchedNode): ReadonlyMap<string, string>
  /**
   * Host-mode ports this service's own tasks hold on the node. Only tasks made from
   * a template that publishes a port hold it (during an update, older ones may not).
   * Absent: every task of the service on the node counts as holding them all.
   */
  ownHostPorts?(node: SchedNode): ReadonlySet<string>
}

/**
 * One step of the pipeline, in the spirit of swarmkit's `Filter`: it checks a
 * node, and explains in Swarm's words how many nodes it turned away. Each
 * filter says whether it is static (see `StaticFilter`) or reads placements.
 */
export type Filter = StaticFilter | PlacementFilter

/**
 * A filter whose answer depends only on the node and the part of the demand
 * `key` names — never on load or on tasks already placed — so it holds for
 * every service whose demand has the same key, on the same node set.
 */
export interface StaticFilter extends FilterBase {
  readonly static: true
  /** The part of the demand the filter reads, as a string: equal keys, equal answers. */
  key(demand: TaskDemand): string
  /**
   * What of a node the filter reads, whatever the demand, as a string: nodes with equal
   * strings get equal answers, so a new key is checked once per distinct string rather
   * than once per node class. Absent: the filter may read any attribute of a class.
   */
  reads?(node: SchedNode): string
}

/** A filter that reads the load or the tasks already placed: its answer changes as tasks are placed. */
export interface PlacementFilter extends FilterBase {
  readonly static: false
  /**
   * True when the filter passes every node for this demand, whatever the load and the
   * tasks placed (nothing reserved, no host port, no limit per node): then only the
   * static filters can turn a node away, and an explanation holds for every demand
   * with the same static keys (see `explainRejections`).
   */
  idle(demand: TaskDemand): boolean
}

interface FilterBase {
  readonly name: string
  /** True when the result depends only on what all nodes of a class share. */
  perClass(demand: TaskDemand): boolean
  check(node: SchedNode, ctx: FilterContext): boolean
  /** Swarm's text for `n` rejected nodes. */
  explain(n: number): string
  /** What this node lacks, e.g. `missing network plugin x:latest`; for the Service's Ready condition. */
  detail(node: SchedNode, ctx: FilterContext): string
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)

/** 1. The node exists and takes new tasks (Swarm's ReadyFilter). */
export const readyFilter: StaticFilter = {
  name: 'ready',
  static: true,
  key: () => '',
  perClass: () => true,
  reads: (node) => node.availability,
  check: (node) => node.availability === 'active',
  explain: (n) => `${n} ${plural(n, 'node', 'nodes')} not available for new tasks`,
  detail: (node) => (node.availability === 'drain' ? 'drained' : 'paused'),
}

/** 2. Reservations fit the free capacity (ResourceFilter). */
export const resourceFilter: PlacementFilter = {
  name: 'resources',
  static: false,
  perClass: () => false,
  idle: reservesNothing,
  // A task that reserves nothing fits anywhere: no load to look up.
  check: (node, { demand, load }) => reservesNothing(demand) || fits(node, load(node), demand),
  explain: (n) => `insufficient resources on ${n} ${plural(n, 'node', 'nodes')}`,
  detail: (node, { demand, load }) => {
    const used = load(node)
    const free = (capacity: number | undefined, taken: number) => (capacity ?? 0) - taken
    const lines = lacking(node, used, demand).map((what) =>
      what === 'cpus'
        ? `${formatCpus(demand.cpus)} CPUs reserved, ${formatCpus(free(node.cpus, used.cpus))} free`
        : `${formatBytes(demand.memory)} memory reserved, ${formatBytes(free(node.memory, used.memory))} free`,
    )
    return `insufficient resources (${lines.join(', ')})`
  },
}

/** 3. Every plugin the task needs is enabled on the node (PluginFilter). */
export const pluginFilter: StaticFilter = {
  name: 'plugin',
  static: true,
  key: (demand) => demand.plugins.map(pluginKey).join(' '),
  perClass: () => true,
  reads: (node) => setKey(node.plugins),
  check: (node, { demand }) => demand.plugins.every((p) => node.plugins.has(pluginKey(p))),
  explain: (n) => `missing plugin on ${n} ${plural(n, 'node', 'nodes')}`,
  detail: (node, { demand }) => {
    const missing = demand.plugins.filter((p) => !node.plugins.has(pluginKey(p)))
    return missing.map((p) => `missing ${p.type.toLowerCase()} plugin ${p.name}`).join(', ')
  },
}

/** 4. Local-scope volumes the task mounts exist on the node (berth's addition). */
export const volumeFilter: StaticFilter = {
  name: 'volume',
  static: true,
  key: (demand) => demand.volumes.join(' '),
  perClass: () => true,
  reads: (node) => setKey(node.volumes),
  check: (node, { demand }) => demand.volumes.every((v) => node.volumes.has(v)),
  explain: (n) => `volume not available on ${n} ${plural(n, 'node', 'nodes')}`,
  detail: (node, { demand }) => {
    const missing = demand.volumes.filter((v) => !node.volumes.has(v))
    return missing.map((v) => `volume ${v} not available`).join(', ')
  },
}

/** 5. Placement constraints hold; values compare case-insensitively (ConstraintFilter). */
export const constraintFilter: StaticFilter = {
  name: 'constraint',
  static: true,
  key: (demand) => JSON.stringify(demand.constraints),
  perClass: (demand) => !demand.constraints.some((c) => isPerNodeKey(c.key)),
  check: (node, { demand }) => demand.constraints.every((c) => constraintHolds(node, c)),
  explain: (n) => `scheduling constraints not satisfied on ${n} ${plural(n, 'node', 'nodes')}`,
  detail: (node, { demand }) => {
    const failing = demand.constraints.filter((c) => !constraintHolds(node, c))
    return `constraint ${failing.map((c) => `${c.key}${c.operator}${c.value}`).join(', ')} not satisfied`
  },
}

/** 6. The node's platform is one the service supports (PlatformFilter). */
export const platformFilter: StaticFilter = {
  name: 'platform',
  static: true,
  key: (demand) => JSON.stringify(demand.platforms),
  perClass: () => true,
  reads: (node) => JSON.stringify([node.os, node.arch]),
  check: (node, { demand }) =>
    demand.platforms.length === 0 ||
    demand.platforms.some(
      (p) =>
        (!p.os || p.os.toLowerCase() === node.os.toLowerCase()) &&
        (!p.arch || normalizeArch(p.arch) === normalizeArch(node.arch)),
    ),
  explain: (n) => `unsupported platform on ${n} ${plural(n, 'node', 'nodes')}`,
  detail: (node) => `platform ${node.os}/${node.arch} not supported`,
}

/**
 * 7. Every host-mode port the task publishes is free on the node (HostPortFilter):
 * neither another service's task nor one of this service's own holds it.
 */
export const hostPortFilter: PlacementFilter = {
  name: 'host-port',
  static: false,
  perClass: () => false,
  idle: (demand) => !demand.hostPorts || demand.hostPorts.length === 0,
  check: (node, ctx) => hostPortClash(node, ctx) === undefined,
  explain: (n) => `host-mode port already in use on ${n} ${plural(n, 'node', 'nodes')}`,
  detail: (node, ctx) => {
    const clash = hostPortClash(node, ctx)
    return `host-mode port ${clash?.port} already in use by ${clash?.by === undefined ? 'another task of this service' : `service ${clash.by}`}`
  },
}

/** The first of the task's host ports already taken on the node, and by which other service (undefined: its own task). */
export function hostPortClash(
  node: SchedNode,
  ctx: FilterContext,
): { port: string; by: string | undefined } | undefined {
  const ports = ctx.demand.hostPorts
  if (!ports || ports.length === 0) return undefined
  const holders = ctx.hostPortHolders?.(node)
  for (const port of ports) {
    const by = holders?.get(port)
    if (by !== undefined) return { port, by }
  }
  if (ctx.ownHostPorts) {
    const own = ctx.ownHostPorts(node)
    const port = ports.find((p) => own.has(p))
    return port === undefined ? undefined : { port, by: undefined }
  }
  const first = ports[0] as string
  return ctx.serviceTasks(node) > 0 ? { port: first, by: undefined } : undefined
}

/** 8. Fewer than `maxReplicasPerNode` tasks of the service there (MaxReplicasFilter). */
export const maxReplicasFilter: PlacementFilter = {
  name: 'max-replicas',
  static: false,
  perClass: () => false,
  idle: (demand) => demand.maxReplicasPerNode === 0,
  check: (node, { demand, serviceTasks }) =>
    demand.maxReplicasPerNode === 0 || serviceTasks(node) < demand.maxReplicasPerNode,
  explain: () => 'max replicas per node limit exceed',
  detail: (_node, { demand }) => `already runs the maximum of ${demand.maxReplicasPerNode} per node`,
}

/**
 * The pipeline in berth's order, which is Swarm's order with the volume
 * check slotted in after plugins (a volume is only usable where its driver is).
 * A node is counted against the first filter that rejects it.
 *
 * Host ports sit where Swarm puts them, after the filters that read only the
 * node and before max replicas: like max replicas they depend on what is
 * already placed, so they run last among per-node checks; and ahead of max
 * replicas, because a node already running this service's host-port task is
 * turned away by the port whatever the limit, and the port is what to explain.
 */
export const defaultFilters: readonly Filter[] = [
  readyFilter,
  resourceFilter,
  pluginFilter,
  volumeFilter,
  constraintFilter,
  platformFilter,
  hostPortFilter,
  maxReplicasFilter,
]

export function constraintHolds(
  node: SchedNode,
  c: { key: string; operator: '==' | '!='; value: string },
): boolean {
  const equal = attributeReader(c.key)(node).toLowerCase() === c.value.toLowerCase()
  return c.operator === '==' ? equal : !equal
}

/** Swarm normalises `x86_64` to `amd64` and `aarch64` to `arm64`. */
function normalizeArch(arch: string): string {
  const lower = arch.toLowerCase()
  if (lower === 'x86_64') return 'amd64'
  if (lower === 'aarch64') return 'arm64'
  return lower
}

function formatCpus(nano: number): string {
  return String(Math.round(nano / 1e6) / 1e3)
}

function formatBytes(bytes: number): string {
  const units = ['B', 'Ki', 'Mi', 'Gi', 'Ti']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${Math.round(value * 10) / 10}${units[unit]}`
}
