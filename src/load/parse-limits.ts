import type { Document, Node } from 'yaml'
import { yamlPackage } from './yaml-package.js'

/**
 * Flow collections nested deeper than this are refused before parsing. Real
 * manifests nest a few levels; the yaml parser overflows its stack near 800
 * and spends seconds on the hundreds of thousands that fit in 1 MiB.
 */
const MAX_FLOW_NESTING = 256

/**
 * Finds the first `[` or `{` that opens a flow collection deeper than
 * `MAX_FLOW_NESTING`, in one linear pass. Quoted scalars and comments are
 * skipped; a quote only starts a scalar at a token boundary, so an apostrophe
 * in plain text (`it's`) does not hide what follows.
 */
export function flowNestingBomb(text: string): { offset: number; message: string } | undefined {
  let depth = 0
  let quote: '"' | "'" | undefined
  let prev = '\n'
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (quote) {
      if (quote === '"' && c === '\\') i++
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++
        else quote = undefined
      }
      prev = c
      continue
    }
    const boundary = prev === ' ' || prev === '\t' || prev === '\n' || prev === '\r'
    if (c === '#' && boundary) {
      const end = text.indexOf('\n', i)
      if (end === -1) break
      i = end
      prev = '\n'
      continue
    }
    if (
      (c === '"' || c === "'") &&
      (boundary || prev === '[' || prev === '{' || prev === ',' || prev === ':')
    )
      quote = c
    else if (c === '[' || c === '{') {
      depth++
      if (depth > MAX_FLOW_NESTING)
        return {
          offset: i,
          message: `flow collections nested more than ${MAX_FLOW_NESTING} levels deep; refusing a possible parser bomb`,
        }
    } else if ((c === ']' || c === '}') && depth > 0) depth--
    prev = c
  }
  return undefined
}

/**
 * Duplicate scalar keys in any mapping of a document, as yaml's `uniqueKeys`
 * reports them ("Map keys must be unique"), but in linear time: yaml compares
 * each new key with every earlier one, so 10,000 keys took seconds.
 * Iterative, so a deep document cannot overflow the stack; aliases are not followed.
 */
export function duplicateKeys(doc: Document.Parsed): { pos: [number, number]; message: string }[] {
  const { isMap, isPair, isScalar, isSeq } = yamlPackage()
  const found: { pos: [number, number]; message: string }[] = []
  const stack: unknown[] = [doc.contents]
  while (stack.length > 0) {
    const node = stack.pop()
    if (isMap(node)) {
      const seen = new Set<unknown>()
      for (const pair of node.items) {
        const key = pair.key as Node | null
        if (isScalar(key) && !(typeof key.value === 'number' && Number.isNaN(key.value))) {
          if (seen.has(key.value)) {
            const start = key.range?.[0] ?? 0
            found.push({ pos: [start, start + 1], message: 'Map keys must be unique' })
          }
          seen.add(key.value)
        }
        stack.push(pair.key, pair.value)
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item)
    else if (isPair(node)) stack.push(node.key, node.value)
  }
  return found.sort((a, b) => a.pos[0] - b.pos[0])
}

/**
 * Collections nested deeper than this are refused in any form. Real manifests
 * nest a few levels; every recursive step after parsing (conversion, schema
 * validation, digests) stays far from the stack's limit.
 */
export const MAX_NESTING = MAX_FLOW_NESTING

/** The offset of the first collection nested deeper than `MAX_NESTING`, in one iterative walk. */
export function nestingDepthBomb(doc: Document.Parsed): number | undefined {
  const { isCollection, isPair } = yamlPackage()
  const stack: [unknown, number][] = [[doc.contents, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number]
    if (!isCollection(node)) continue
    if (depth > MAX_NESTING) return node.range?.[0] ?? 0
    for (const item of node.items as unknown[]) {
      if (isPair(item)) stack.push([item.key, depth + 1], [item.value, depth + 1])
      else stack.push([item, depth + 1])
    }
  }
  return undefined
}

/**
 * The first alias whose anchor is not defined before it, in document order, in one iterative
 * walk (yaml's own `Alias.resolve` searches the whole document per alias: quadratic on a bomb).
 */
export function undefinedAliases(doc: Document.Parsed): { name: string; offset: number }[] {
  const { isAlias, isMap, isPair, isSeq } = yamlPackage()
  const anchors = new Set<string>()
  const stack: unknown[] = [doc.contents]
  while (stack.length > 0) {
    const node = stack.pop()
    if (isAlias(node)) {
      if (!anchors.has(node.source)) return [{ name: node.source, offset: node.range?.[0] ?? 0 }]
      continue
    }
    const anchor = (node as { anchor?: string } | null)?.anchor
    if (anchor) anchors.add(anchor)
    // Children pushed in reverse, so they come off the stack in document order.
    if (isMap(node) || isSeq(node))
      for (const item of [...(node.items as unknown[])].reverse()) stack.push(item)
    else if (isPair(node)) stack.push(node.value, node.key)
  }
  return []
}
