import type { Resource } from '../model/resource.js'
import type { PluginIndex } from './plugin-index.js'

/** The cluster's node names, for controllers that list nodes by name (the Volume and Network controllers). */
export interface NodeNames {
  /** Every node's name, in name order. */
  readonly all: readonly string[]
  /** The same names, for lookups. */
  readonly has: ReadonlySet<string>
  /**
   * The nodes (in name order) where the driver `driverKey(type, name)` is
   * enabled: `all` filtered by the provider's nodes, the same array on every
   * call until nodes come or go or a plugin changes (the view builds a new
   * `NodeNames` then).
   */
  withDriver(key: string): readonly string[]
}

/** Built from the nodes (in name order) and the plugin index of the same store state. */
export function buildNodeNames(nodes: readonly Resource<'Node'>[], plugins: PluginIndex): NodeNames {
  const all = nodes.map((n) => n.name)
  const has: ReadonlySet<string> = new Set(all)
  const byDriver = new Map<string, readonly string[]>()
  return {
    all,
    has,
    withDriver(key) {
      let names = byDriver.get(key)
      if (!names) {
        const enabled = plugins.providers.get(key)?.nodes
        names = enabled ? all.filter((n) => enabled.has(n)) : []
        byDriver.set(key, names)
      }
      return names
    },
  }
}
