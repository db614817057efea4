import type { Resource } from '../../src/model/resource.js'
import { pluginName } from '../../src/plugins/reference.js'
import { targetNodes } from './target-nodes.js'

/**
 * Docker keeps one plugin per name on a node (`docker plugin install` says the
 * name already exists). When two Plugin resources want the same name on the
 * same node, the one whose metadata name sorts first keeps the node; the
 * other is not installed there. Returns, per contested node, the Plugin that
 * keeps it.
 */
export function takenNodes(
  plugin: Resource<'Plugin'>,
  plugins: readonly Resource<'Plugin'>[],
  nodes: readonly Resource<'Node'>[],
): Map<string, string> {
  const name = pluginName(plugin.spec)
  const taken = new Map<string, string>()
  for (const other of plugins) {
    if (other.name >= plugin.name || pluginName(other.spec) !== name) continue
    for (const node of targetNodes(other.spec, nodes).nodes) if (!taken.has(node)) taken.set(node, other.name)
  }
  return taken
}

/** The other Plugins that share `plugin`'s name: a change to one can change where the others go. */
export function sameNamePlugins(
  plugin: Resource<'Plugin'>,
  plugins: readonly Resource<'Plugin'>[],
): string[] {
  const name = pluginName(plugin.spec)
  return plugins.filter((p) => p.name !== plugin.name && pluginName(p.spec) === name).map((p) => p.name)
}
