import { stableId } from '../model/ids.js'
import { parseCpus, parseMemory } from '../model/quantity.js'
import type { Resource } from '../model/resource.js'
import type { SchedNode } from '../scheduler/types.js'
import type { PluginIndex } from './plugin-index.js'

/**
 * The scheduler's picture of each node: its spec, the plugins enabled on it
 * and the local volumes that exist there. A node without `platform` is
 * taken as linux/x86_64, Docker's common case.
 */
export function buildSchedNodes(
  nodes: readonly Resource<'Node'>[],
  plugins: PluginIndex,
  volumes: readonly Resource<'Volume'>[],
  slotOf?: (node: string) => number,
): SchedNode[] {
  const volumesByNode = new Map<string, Set<string>>()
  for (const volume of volumes) {
    if (volume.status?.scope !== 'local') continue
    for (const node of volume.status.nodes ?? []) {
      const set = volumesByNode.get(node) ?? new Set<string>()
      volumesByNode.set(node, set)
      set.add(volume.name)
    }
  }
  // Nodes mostly share a few sizes: each written quantity is parsed once per build.
  const cpusOf = onceEach(parseCpus)
  const memoryOf = onceEach(parseMemory)
  // And a few plugin lists: nodes with the same list share one set (read once, see `setKey`).
  const none = new Set<string>()
  const pluginSets = new Map<string, ReadonlySet<string>>()
  const pluginsOf = (name: string): ReadonlySet<string> => {
    const list = plugins.byNode.get(name)
    if (!list || list.length === 0) return none
    const keys = list.map((p) => `${p.type}:${p.name}`)
    const joined = JSON.stringify(keys)
    let set = pluginSets.get(joined)
    if (!set) {
      set = new Set(keys)
      pluginSets.set(joined, set)
    }
    return set
  }
  return nodes.map((node) => {
    const { spec } = node
    const cpus = spec.resources?.cpus
    const memory = spec.resources?.memory
    return {
      name: node.name,
      id: nodeId(node.name),
      role: spec.role,
      availability: spec.availability,
      labels: node.labels,
      os: spec.platform.os,
      arch: spec.platform.architecture,
      cpus: cpus === undefined ? undefined : cpusOf(cpus),
      memory: memory === undefined ? undefined : memoryOf(memory),
      plugins: pluginsOf(node.name),
      volumes: volumesByNode.get(node.name) ?? none,
      ...(slotOf ? { loadSlot: slotOf(node.name) } : {}),
    }
  })
}

/** `parse`, answering a value it has seen from what it answered then. */
function onceEach<T>(parse: (q: number | string) => T): (q: number | string) => T {
  const known = new Map<number | string, T>()
  return (q) => {
    if (known.has(q)) return known.get(q) as T
    const value = parse(q)
    known.set(q, value)
    return value
  }
}

/** A node's id: stable, derived from its name. */
export function nodeId(name: string): string {
  return stableId('node', name)
}
