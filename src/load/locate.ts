import type { Alias, Document, Node, Pair, YAMLMap } from 'yaml'
import { yamlPackage } from './yaml-package.js'

/** Each mapping's pairs by key, built once: a document with 10,000 bad keys is located in linear time. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>()

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = pairIndex.get(map)
  if (!index) {
    const { isScalar } = yamlPackage()
    index = new Map()
    for (const p of map.items) {
      const k = isScalar(p.key) ? String(p.key.value) : String(p.key)
      if (!index.has(k)) index.set(k, p)
    }
    pairIndex.set(map, index)
  }
  return index.get(key)
}

/** What each alias points at, resolved once: `Alias.resolve` walks the whole document. */
const aliasTarget = new WeakMap<Alias, Node | undefined>()

function resolveAlias(alias: Alias, doc: Document.Parsed): Node | undefined {
  if (!aliasTarget.has(alias)) aliasTarget.set(alias, alias.resolve(doc) as Node | undefined)
  return aliasTarget.get(alias)
}

/**
 * The source offset of the node a data path points at: for a mapping key, the
 * key itself (where a person looks for `replicas:`); for a sequence index, the
 * item. Falls back to the deepest node that exists.
 */
export function locatePath(doc: Document.Parsed, path: readonly (string | number)[]): number {
  const { isAlias, isMap, isScalar, isSeq } = yamlPackage()
  let node: Node | null | undefined = doc.contents
  let offset = node?.range?.[0] ?? 0
  for (const segment of path) {
    if (isAlias(node)) node = resolveAlias(node, doc)
    if (isMap(node)) {
      const pair = pairOf(node, String(segment))
      if (!pair) return offset
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset
      node = pair.value as Node | null
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined
      if (!item) return offset
      offset = item.range?.[0] ?? offset
      node = item
    } else {
      return offset
    }
  }
  return offset
}
