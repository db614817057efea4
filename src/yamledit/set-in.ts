import { isDeepStrictEqual } from 'node:util'
import { CST } from 'yaml'
import { contentEnd, itemContentEnd } from './content-end.js'
import {
  asMap,
  type CstMap,
  isEmptyValue,
  isFlowScalar,
  keyOf,
  lookupPath,
  type PathStep,
  valueIndicator,
} from './cst-path.js'
import { asYamlData, getPath, type KeyPath, setPath } from './data-path.js'
import { columnOf, detectIndentStyle, type IndentStyle } from './indent-style.js'
import { isLineIndent, lineBreakNear, lineEndAfter, lineStartOf } from './line-bounds.js'
import { openDocument } from './open-document.js'
import { isBlockValue, type RenderLayout, renderBlockBody, renderInline, renderPair } from './render-value.js'
import { beforeBreak, lineBreakAt, replaceLines, splice } from './text-splice.js'
import { verifyEdit } from './verify-edit.js'

/** A value a scalar node can hold. */
export type ScalarValue = string | number | boolean | null

/**
 * Sets one scalar, e.g. `spec.replicas`, in document `docIndex`, keeping every other byte.
 * An existing scalar is swapped in place and keeps its quoting where the new value allows;
 * a missing key is added at the end of its mapping, creating missing parent mappings, in the
 * document's indentation. Throws when the file does not parse, the path crosses something
 * other than a mapping, or the result would not read back as intended.
 */
export function setScalarIn(text: string, docIndex: number, path: KeyPath, value: ScalarValue): string {
  return setIn(text, docIndex, path, value)
}

/**
 * Sets the value at `path` (any YAML data) in document `docIndex`. A collection goes in block
 * style under a block mapping, in flow style inside a flow mapping. Comments inside a replaced
 * value go with it; everything outside it stays byte for byte. Returns `text` itself when the
 * value is already there.
 */
export function setIn(text: string, docIndex: number, path: KeyPath, value: unknown): string {
  if (path.length === 0) throw new Error('setIn needs a path of at least one key')
  const { documents, target, data } = openDocument(text, docIndex)
  const { steps, missing } = lookupPath(target.cst, path)
  if (missing.length === 0 && isDeepStrictEqual(getPath(data, path), asYamlData(value))) return text
  const layout = (column: number, at: number): RenderLayout => ({
    column,
    style: documentStyle(text, target.cst),
    newline: lineBreakNear(text, at),
  })
  const after = spliceValue(text, target.cst, { steps, missing }, value, layout)
  verifyEdit(text, after, docIndex, setPath(data, path, value), documents)
  return after
}

type LayoutAt = (column: number, at: number) => RenderLayout

function spliceValue(
  text: string,
  document: CST.Document,
  { steps, missing }: { steps: readonly PathStep[]; missing: readonly string[] },
  value: unknown,
  layout: LayoutAt,
): string {
  const last = steps.at(-1)
  const [key, ...rest] = missing
  if (key === undefined) return replaceValue(text, last!, value, layout)
  const nested = rest.reduceRight<unknown>((acc, k) => ({ [k]: acc }), value)
  const parent = last ? last.item.value : document.value
  const map = asMap(parent)
  if (map) return insertPair(text, map, key, nested, { layout, beforeStatus: steps.length === 0 })
  if (last && isNull(parent)) return replaceValue(text, last, { [key]: nested }, layout)
  const where = steps.map((s) => keyOf(s.item)).join('.') || 'the document'
  throw new Error(
    `cannot set ${[...steps.map((s) => keyOf(s.item)), ...missing].join('.')}: ${where} is not a mapping`,
  )
}

/** Replaces the value of an existing pair. */
function replaceValue(text: string, { map, item }: PathStep, value: unknown, layout: LayoutAt): string {
  const colon = valueIndicator(item)
  if (!item.key || !colon)
    throw new Error(`cannot edit ${keyOf(item) ?? 'a complex key'}: no "key: value" pair`)
  const lay = layout(columnOf(text, item.key.offset), colon.offset)
  const inFlow = map.type === 'flow-collection'
  const old = isEmptyValue(item.value) ? undefined : item.value
  const colonEnd = colon.offset + colon.source.length
  if (old && isFlowScalar(old) && !isBlockValue(value)) {
    const source = renderScalarLike(old, value, lay, inFlow)
    return splice(text, old.offset, old.offset + old.source.length, source)
  }
  if (isBlockValue(value) && !inFlow) {
    const body = lay.newline + renderBlockBody(value, lay)
    const keyLineEnd = lineBreakAt(text, colonEnd)
    if (!old) return splice(text, keyLineEnd, keyLineEnd, body)
    // The old value goes with the rest of its last line. A comment after the `:` stays; so does
    // one after a value on the key's line, moved up to where the value was.
    const oldEnd = beforeBreak(text, contentEnd([old]))
    const lastLineEnd = lineBreakAt(text, oldEnd)
    const sameLine = !text.slice(colonEnd, old.offset).includes('\n')
    if (!sameLine) return splice(text, keyLineEnd, lastLineEnd, body)
    return splice(text, colonEnd, lastLineEnd, text.slice(oldEnd, lastLineEnd) + body)
  }
  if (!old) return splice(text, colonEnd, colonEnd, ` ${renderInline(value, lay, inFlow)}`)
  const oldEnd = beforeBreak(text, contentEnd([old]))
  const sameLine = !text.slice(colonEnd, old.offset).includes('\n')
  const inline = renderInline(value, lay, inFlow)
  if (sameLine) return splice(text, old.offset, oldEnd, inline)
  const keyLineTail = text.slice(colonEnd, lineBreakAt(text, colonEnd))
  return splice(text, colonEnd, lineBreakAt(text, oldEnd), ` ${inline}${keyLineTail}`)
}

/** A scalar in the old one's quoting when the new value is a string that quoting can hold. */
function renderScalarLike(old: CST.Token, value: unknown, layout: RenderLayout, inFlow: boolean): string {
  if (typeof value === 'string' && old.type === 'double-quoted-scalar') return JSON.stringify(value)
  if (typeof value === 'string' && old.type === 'single-quoted-scalar' && !/[\u0000-\u001f]/.test(value)) {
    return `'${value.replaceAll("'", "''")}'`
  }
  return renderInline(value, layout, inFlow)
}

/** Adds `key: value` at the end of a mapping (before a top-level `status`, which berth keeps last). */
function insertPair(
  text: string,
  map: CstMap,
  key: string,
  value: unknown,
  opts: { layout: LayoutAt; beforeStatus: boolean },
): string {
  if (map.type === 'flow-collection') {
    const close = map.end.find((t) => t.type === 'flow-map-end')
    if (!close) throw new Error(`cannot add ${key}: unterminated flow mapping`)
    const pair = renderPair(key, value, opts.layout(0, close.offset))
    const inline = `${pair.slice(0, pair.indexOf(':'))}: ${renderInline(value, opts.layout(0, close.offset), true)}`
    const items = map.items.filter((i) => i.key || i.value)
    const last = items.at(-1)
    return last
      ? splice(text, itemContentEnd(last), itemContentEnd(last), `, ${inline}`)
      : splice(text, close.offset, close.offset, inline)
  }
  const first = map.items.find((i) => i.key)?.key
  const column = first ? columnOf(text, first.offset) : map.indent
  const status = opts.beforeStatus ? map.items.find((i) => keyOf(i) === 'status') : undefined
  const statusStart = status && firstContent(status)
  const at =
    statusStart !== undefined && isLineIndent(text, statusStart)
      ? lineStartOf(text, statusStart)
      : lineEndAfter(text, Math.max(...map.items.map(itemContentEnd)))
  return replaceLines(text, at, at, renderPair(key, value, opts.layout(column, at)))
}

/** Offset of an item's first comment, property or key: where its lines begin. */
function firstContent(item: PathStep['item']): number | undefined {
  const token = item.start.find((t) => t.type !== 'space' && t.type !== 'newline')
  return token?.offset ?? item.key?.offset
}

/** True for a plain scalar that reads as null: `~`, `null`, `Null`, `NULL`. */
function isNull(node: CST.Token | null | undefined): boolean {
  if (node?.type !== 'scalar') return isEmptyValue(node)
  return ['', '~', 'null', 'Null', 'NULL'].includes(CST.resolveAsScalar(node)?.value ?? 'x')
}

/** The document's indentation, read from its top-level block mapping when it has one. */
function documentStyle(text: string, document: CST.Document): IndentStyle {
  const value = document.value
  // The person's style, not that of the status berth wrote (as the status writer reads it too).
  if (value?.type === 'block-map')
    return detectIndentStyle(
      text,
      value,
      value.items.find((item) => keyOf(item) === 'status'),
    )
  return { indent: 2, indentSeq: true }
}
