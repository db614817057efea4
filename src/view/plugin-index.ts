import type { Resource } from '../model/resource.js'
import type { PluginType } from '../model/status.js'
import { pluginTypeOf } from '../plugins/capabilities.js'
import { normalizePluginName } from '../plugins/reference.js'

/** An enabled plugin as a node advertises it. */
export interface NodePlugin {
  readonly type: PluginType
  readonly name: string
}

/** Where one driver (`type` + normalised name) is enabled. */
export interface DriverProvider {
  readonly nodes: ReadonlySet<string>
  readonly scope: 'local' | 'global'
  /** The Plugin resources that provide it (metadata names). */
  readonly plugins: readonly string[]
}

export interface PluginIndex {
  /** Enabled plugins per node, sorted by type then name. */
  readonly byNode: ReadonlyMap<string, readonly NodePlugin[]>
  /** Keyed by `driverKey(type, name)`. */
  readonly providers: ReadonlyMap<string, DriverProvider>
  /** Plugin names (normalised) that some Plugin resource declares, installed or not. */
  readonly declared: ReadonlySet<string>
}

export function driverKey(type: PluginType, name: string): string {
  return `${type}:${normalizePluginName(name)}`
}

/**
 * What the Plugin controller has installed where, read from the Plugins'
 * statuses (the controller's output is the single source of truth).
 */
export function buildPluginIndex(plugins: readonly Resource<'Plugin'>[]): PluginIndex {
  const byNode = new Map<string, NodePlugin[]>()
  const providers = new Map<string, { nodes: Set<string>; scope: 'local' | 'global'; plugins: string[] }>()
  const declared = new Set<string>()
  for (const plugin of plugins) {
    const status = plugin.status
    const name = status?.name
    if (!name) continue
    declared.add(name)
    const types = (status.capabilities ?? [])
      .map(pluginTypeOf)
      .filter((t): t is PluginType => t !== undefined)
    for (const type of types) {
      const key = driverKey(type, name)
      const provider = providers.get(key) ?? { nodes: new Set(), scope: status.scope ?? 'local', plugins: [] }
      providers.set(key, provider)
      provider.plugins.push(plugin.name)
      for (const entry of status.nodes ?? []) {
        if (!entry.enabled) continue
        provider.nodes.add(entry.node)
        const list = byNode.get(entry.node) ?? []
        byNode.set(entry.node, list)
        list.push({ type, name })
      }
    }
  }
  for (const list of byNode.values()) list.sort((a, b) => compare(a.type, b.type) || compare(a.name, b.name))
  return { byNode, providers, declared }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
