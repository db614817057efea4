import type { Resource } from '../../src/model/resource.js'
import type { PluginSpec } from '../../src/model/spec.js'

/**
 * Where a plugin goes: the listed `nodes`, the nodes matching `nodeSelector`,
 * or — with neither — every node (a cluster-wide install). Listed nodes that
 * do not exist are returned apart, for the condition.
 */
export function targetNodes(
  spec: PluginSpec,
  nodes: readonly Resource<'Node'>[],
): { nodes: string[]; missing: string[] } {
  if (spec.nodes) {
    const existing = new Set(nodes.map((n) => n.name))
    const wanted = [...new Set(spec.nodes)].sort()
    return { nodes: wanted.filter((n) => existing.has(n)), missing: wanted.filter((n) => !existing.has(n)) }
  }
  const selector = Object.entries(spec.nodeSelector ?? {})
  const matching = nodes.filter((node) => selector.every(([k, v]) => node.labels[k] === v))
  return { nodes: matching.map((n) => n.name), missing: [] }
}
