import { CST } from 'yaml'
import type { KeyPath } from './data-path.js'

/** A collection item as the CST holds it: leading tokens, key, separator, value. */
export type CstItem = CST.CollectionItem

/** A mapping in the CST: block style, or flow style `{…}`. */
export type CstMap = CST.BlockMap | (CST.FlowCollection & { start: { source: '{' } })

/** A sequence in the CST: block style, or flow style `[…]`. */
export type CstSeq = CST.BlockSequence | CST.FlowCollection

/** One step of a path that exists: the mapping and the pair holding the key. */
export interface PathStep {
  readonly map: CstMap
  readonly item: CstItem
}

/** How far a key path reaches into a document's CST. */
export interface PathLookup {
  /** The pairs found, outermost first. */
  readonly steps: readonly PathStep[]
  /** The keys not found, in order; empty when the whole path exists. */
  readonly missing: readonly string[]
}

/**
 * Follows `path` through block and flow mappings of a document. Stops at the first key that
 * is absent or whose parent is not a mapping (null, a scalar, a sequence). Throws at an alias
 * on the way: an edit through an alias would change the anchored node elsewhere too.
 */
export function lookupPath(document: CST.Document, path: KeyPath): PathLookup {
  const steps: PathStep[] = []
  let node: CST.Token | undefined = document.value ?? undefined
  for (const [depth, key] of path.entries()) {
    if (node?.type === 'alias') {
      throw new Error(
        `${path.slice(0, depth).join('.') || 'the document'} is an alias; edit its anchor instead`,
      )
    }
    const map = asMap(node)
    const item = map?.items.find((i) => keyOf(i) === key)
    if (!map || !item) return { steps, missing: path.slice(depth) }
    steps.push({ map, item })
    node = item.value
  }
  return { steps, missing: [] }
}

/** The token as a mapping, or undefined when it is not one. */
export function asMap(node: CST.Token | null | undefined): CstMap | undefined {
  if (node?.type === 'block-map') return node
  if (node?.type === 'flow-collection' && node.start.source === '{') return node as CstMap
  return undefined
}

/** The token as a sequence, or undefined when it is not one. */
export function asSeq(node: CST.Token | null | undefined): CstSeq | undefined {
  if (node?.type === 'block-seq') return node
  if (node?.type === 'flow-collection' && node.start.source === '[') return node
  return undefined
}

/** A pair's key as a string, or undefined for a complex or missing key. */
export function keyOf(item: CstItem): string | undefined {
  const key = item.key ? CST.resolveAsScalar(item.key) : null
  return key ? key.value : undefined
}

/** True when the token holds no value: absent, or an empty plain scalar (`key:` alone). */
export function isEmptyValue(node: CST.Token | null | undefined): boolean {
  return !node || (node.type === 'scalar' && node.source === '')
}

/** True for the one-line tokens whose source can be swapped in place: scalars and aliases. */
export function isFlowScalar(node: CST.Token | null | undefined): node is CST.FlowScalar {
  const type = node?.type
  return (
    type === 'scalar' ||
    type === 'single-quoted-scalar' ||
    type === 'double-quoted-scalar' ||
    type === 'alias'
  )
}

/** The `:` of a pair, which every pair with a value has. */
export function valueIndicator(item: CstItem): CST.SourceToken | undefined {
  return item.sep?.find((t) => t.type === 'map-value-ind')
}
