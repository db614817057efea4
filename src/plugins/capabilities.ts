/**
 * What a plugin is, from its config's `interface.types` (`docker.volumedriver/1.0`, ...): the
 * capabilities `docker plugin ls --filter capability=` matches, and the plugin types a node
 * advertises to Swarm (moby daemon/cluster/executor/container/executor.go, `Describe`).
 */
import type { PluginConfig } from '../model/spec.js'
import type { PluginType } from '../model/status.js'

/** A parsed `interface.types` entry: `prefix.capability/version`. */
export interface InterfaceType {
  prefix: string
  capability: string
  version: string
}

/**
 * Parses `docker.volumedriver/1.0` as moby's `PluginInterfaceType.UnmarshalJSON` does: the
 * prefix ends at the last `.` before the first `/`, the version follows that `/`.
 */
export function parseInterfaceType(text: string): InterfaceType {
  const slash = text.indexOf('/')
  const head = slash === -1 ? text : text.slice(0, slash)
  const dot = head.lastIndexOf('.')
  return {
    prefix: dot === -1 ? '' : head.slice(0, dot),
    capability: head.slice(dot + 1),
    version: slash === -1 ? '' : text.slice(slash + 1),
  }
}

/**
 * The node-advertised type for each capability. moby maps volume, network and log drivers;
 * it passes `ipamdriver` and `authz` through as they are, which berth's `PluginType` names
 * `IpamDriver` and `Authorization` (the latter is what moby uses for v1 authz plugins).
 */
const TYPE_BY_CAPABILITY: Readonly<Record<string, PluginType>> = {
  volumedriver: 'Volume',
  networkdriver: 'Network',
  logdriver: 'Log',
  ipamdriver: 'IpamDriver',
  authz: 'Authorization',
}

/** The capabilities a plugin declares (`volumedriver`, `networkdriver`, ...), once each, in order. */
export function pluginCapabilities(config: PluginConfig): string[] {
  const types = config.interface?.types ?? []
  return [...new Set(types.map((t) => parseInterfaceType(t).capability))]
}

/** The Swarm plugin type of a capability, or undefined for one Swarm does not schedule on. */
export function pluginTypeOf(capability: string): PluginType | undefined {
  return Object.hasOwn(TYPE_BY_CAPABILITY, capability) ? TYPE_BY_CAPABILITY[capability] : undefined
}

/**
 * The types a node advertises for this plugin while it is enabled: one per `docker.`-prefixed
 * interface type that maps to a known `PluginType`, once each, in declaration order.
 */
export function pluginTypes(config: PluginConfig): PluginType[] {
  const types = new Set<PluginType>()
  for (const text of config.interface?.types ?? []) {
    const { prefix, capability } = parseInterfaceType(text)
    const type = prefix === 'docker' ? pluginTypeOf(capability) : undefined
    if (type) types.add(type)
  }
  return [...types]
}

/**
 * Drivers every node has without a Plugin. Swarm itself only advertises
 * `overlay` for Network; the rest are what a Docker engine ships.
 */
export const BUILTIN_DRIVERS: Readonly<Partial<Record<PluginType, readonly string[]>>> = Object.freeze({
  Volume: Object.freeze(['local']),
  Network: Object.freeze(['overlay', 'bridge', 'host', 'macvlan', 'ipvlan', 'null']),
  Log: Object.freeze(['json-file', 'local', 'journald', 'syslog', 'none']),
})

/** Whether `name` is a built-in driver of this type (exact name; built-ins carry no tag). */
export function isBuiltinDriver(type: PluginType, name: string): boolean {
  return BUILTIN_DRIVERS[type]?.includes(name) ?? false
}
