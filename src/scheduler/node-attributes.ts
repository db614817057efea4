import type { SchedNode } from './types.js'

/**
 * The reader of a constraint or spread key, as Swarm reads it on a node
 * (`node.id`, `node.hostname`, `node.role`, `node.platform.os`,
 * `node.platform.arch`, `node.labels.<key>`); a missing attribute is ''.
 * Work it out once, then read it on many nodes.
 */
export function attributeReader(key: string): (node: SchedNode) => string {
  switch (key.toLowerCase()) {
    case 'node.id':
      return (node) => node.id
    case 'node.hostname':
      return (node) => node.name
    case 'node.role':
      return (node) => node.role
    case 'node.platform.os':
      return (node) => node.os
    case 'node.platform.arch':
      return (node) => node.arch
  }
  const label = labelKey(key)
  if (label !== undefined) return (node) => node.labels[label] ?? ''
  return () => ''
}

/** `node.labels.zone` → `zone`; anything else → undefined. Label keys keep their case. */
export function labelKey(key: string): string | undefined {
  for (const prefix of ['node.labels.', 'engine.labels.']) {
    if (key.toLowerCase().startsWith(prefix)) return key.slice(prefix.length)
  }
  return undefined
}

/** Keys that single out one node: they cannot be evaluated per node class. */
export function isPerNodeKey(key: string): boolean {
  const lower = key.toLowerCase()
  return lower === 'node.id' || lower === 'node.hostname'
}
