import { CST } from 'yaml'
import { itemContentEnd } from './content-end.js'
import { columnOf, detectIndentStyle, type IndentStyle } from './indent-style.js'
import { isLineIndent, lineEndAfter, lineStartOf } from './line-bounds.js'
import { type TrailingBlockScalar, trailingBlockScalar } from './trailing-block-scalar.js'

/** A half-open range of offsets in the file text. */
export interface Span {
  readonly start: number
  readonly end: number
}

/** Where a document's status lives, or would go, in the file text. */
export interface StatusSite {
  /** Column of the document's top-level keys. */
  readonly column: number
  /**
   * The whole lines of the existing top-level `status` pair: from the start of the key's line
   * to the end of the line holding its last content, so an end-of-line comment goes with it
   * while blank lines and comments at the top-level column after it stay (see `itemLinesEnd`).
   * Undefined when there is no status.
   */
  readonly pair: Span | undefined
  /** Where a new pair goes when there is none: after the last pair's lines. */
  readonly insertAt: number
  readonly style: IndentStyle
  /** The block scalar that ends right where the status pair starts, if any. */
  readonly scalarBeforePair: TrailingBlockScalar | undefined
  /** The block scalar the document's last pair ends with, if any. */
  readonly scalarAtEnd: TrailingBlockScalar | undefined
  /** Every top-level key is a scalar written out: no alias, collection or missing key. */
  readonly plainKeys: boolean
}

type MapItem = CST.BlockMap['items'][number]

const SCALAR_KEYS = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar'])

/**
 * Finds the status site of one document. Throws when the document's top-level node is not a
 * block mapping: berth cannot write status into a flow mapping, a scalar or an empty document.
 */
export function locateStatus(text: string, document: CST.Document): StatusSite {
  const map = topLevelMap(document)
  const first = map.items.find((item) => item.key)?.key
  const column = first ? columnOf(text, first.offset) : 0
  const statusItems = map.items.filter(isStatusItem)
  if (statusItems.length > 1) throw new Error('document has more than one top-level status key')
  const item = statusItems[0]
  const last = map.items.at(-1)
  const pair = item ? pairLines(text, item, column) : undefined
  const previous = trailingBlockScalar(item ? map.items[map.items.indexOf(item) - 1] : undefined)
  return {
    column,
    pair,
    insertAt: last ? itemLinesEnd(text, last, column) : map.offset,
    style: detectIndentStyle(text, map, item),
    scalarBeforePair: previous && pair && previous.end === pair.start ? previous : undefined,
    scalarAtEnd: trailingBlockScalar(last),
    plainKeys: map.items.every((i) => (i.key ? SCALAR_KEYS.has(i.key.type) : !i.value)),
  }
}

function topLevelMap(document: CST.Document): CST.BlockMap {
  const value = document.value
  if (value?.type === 'block-map') return value
  if (value?.type === 'flow-collection' && value.start.source === '{') {
    throw new Error('cannot write status: the document is a flow mapping {...}, not a block mapping')
  }
  const what = !value || value.type === 'scalar' ? 'empty or a scalar' : `a ${value.type}`
  throw new Error(`cannot write status: the document's top-level node is ${what}, not a mapping`)
}

function isStatusItem(item: MapItem): boolean {
  const key = item.key ? CST.resolveAsScalar(item.key) : null
  return key?.value === 'status'
}

function pairLines(text: string, item: MapItem, column: number): Span {
  const keyStart = item.start.find((t) => t.type !== 'space' && t.type !== 'newline' && t.type !== 'comment')
  const start = keyStart?.offset ?? item.key?.offset ?? -1
  if (start < 0 || !isLineIndent(text, start)) {
    throw new Error('cannot write status: the status key does not start its own line')
  }
  return { start: lineStartOf(text, start), end: itemLinesEnd(text, item, column) }
}

/**
 * End of a top-level pair's lines: the line holding its last content (key, value, or the `:`
 * of an empty value), then any comment lines right below indented deeper than the top-level
 * keys, which read as part of the pair. A blank line or a shallower comment ends the pair.
 */
function itemLinesEnd(text: string, item: MapItem, column: number): number {
  const end = itemContentEnd(item)
  if (end < 0) throw new Error('top-level pair without content')
  let at = lineEndAfter(text, end)
  while (at < text.length) {
    const next = lineEndAfter(text, at + 1)
    const indent = /^([ \t]*)#/.exec(text.slice(at, next))?.[1]
    if (indent === undefined || indent.length <= column) break
    at = next
  }
  return at
}
