/**
 * A reader for the plain YAML that manifests are written in — and that berth writes: block
 * mappings and sequences, compact mappings in sequence items (`- key: value`), one-line flow
 * mappings and sequences, plain and simply quoted scalars, comments, `---` between documents.
 * It gives the same data as `yaml`'s `parseAllDocuments` + `toJS`, and the same positions for
 * `locatePath`, at a fraction of the cost of the general parser on a cold start (the first
 * parse of a process runs in V8's interpreter). On anything it does not surely understand —
 * anchors, aliases, tags, block scalars, escapes, multi-line scalars or flow collections,
 * odd indentation, duplicate keys, a plain scalar whose core-schema type is not certain, and
 * every kind of error — it answers undefined, and the caller parses the file with `yaml`.
 * `test/load/quick-yaml.test.ts` holds it to that, file by file, against `yaml` itself.
 */
import { NOT_QUICK, notQuick, plainKey, plainValue, quoted } from './quick-scalar.js'
import type { DocumentData } from './to-resource.js'

/** A document as the loader takes it: its index (empty ones counted, as `parseAllDocuments` does), data and places. */
export type QuickDocument = DocumentData

/**
 * Where each part of a document starts: a mapping's keys (by key: the key's offset and its
 * value's places), a sequence's items.
 */
interface Where {
  readonly at: number
  readonly keys?: Map<string, { readonly key: number; readonly node: Where }>
  readonly items?: Where[]
}

interface Node {
  readonly value: unknown
  readonly where: Where
}

/** A content line of a document: its offset in the text, its text, and where its content starts. */
interface Line {
  readonly start: number
  readonly text: string
  col: number
}

/**
 * Characters the reader leaves to `yaml`: tabs, carriage returns and other control characters,
 * the byte order mark, and the line breaks YAML 1.1 knew (NEL, LS, PS).
 */
const UNSURE_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/

/** Collections nested deeper than this are left to `yaml` (and its nesting limits). */
const MAX_DEPTH = 32

/** Longest implicit key (`yaml` refuses one over 1024 characters). */
const MAX_KEY = 1000

/** The documents of `text`, or undefined when the quick reader cannot be sure of them. */
export function quickDocuments(text: string): QuickDocument[] | undefined {
  if (UNSURE_CHARACTER.test(text)) return undefined
  try {
    return splitDocuments(text).flatMap((lines, index) =>
      lines.length === 0 ? [] : [quickDocument(lines, index)],
    )
  } catch (error) {
    if (error === NOT_QUICK) return undefined
    throw error
  }
}

/**
 * The content lines of each document, blank and comment lines left out. A `---` with only
 * comments above it starts the first document (which is then not an empty one before it).
 */
function splitDocuments(text: string): Line[][] {
  const documents: Line[][] = [[]]
  let explicitFirst = false
  let start = 0
  while (start <= text.length) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    const line = text.slice(start, end)
    const first = line.charCodeAt(0)
    // `---`, `...` and directives (`%YAML`): only a bare `---` is taken.
    if (first === 45 /* - */ || first === 46 /* . */ || first === 37 /* % */) {
      if (line.startsWith('---') || line.startsWith('...') || first === 37) {
        if (line !== '---') notQuick()
        if (explicitFirst || documents.length > 1 || (documents[0] as Line[]).length > 0) documents.push([])
        explicitFirst = true
        start = end + 1
        continue
      }
    }
    let col = 0
    while (line.charCodeAt(col) === 32) col++
    if (col < line.length && line[col] !== '#') (documents.at(-1) as Line[]).push({ start, text: line, col })
    start = end + 1
  }
  return documents
}

function quickDocument(lines: Line[], index: number): QuickDocument {
  if ((lines[0] as Line).col !== 0) notQuick()
  const reader = blockReader(lines)
  const root = reader.block(0, 1)
  if (!reader.done()) notQuick()
  return { index, value: root.value, locate: (path) => locate(root.where, path) }
}

/** `locatePath` over the recorded places: a key's own offset, an item's start, else the deepest found. */
function locate(root: Where, path: readonly (string | number)[]): number {
  let node: Where | undefined = root
  let offset = root.at
  for (const segment of path) {
    if (node?.keys) {
      const pair = node.keys.get(String(segment))
      if (!pair) return offset
      offset = pair.key
      node = pair.node
    } else if (node?.items && typeof segment === 'number') {
      const item: Where | undefined = node.items[segment]
      if (!item) return offset
      offset = item.at
      node = item
    } else return offset
  }
  return offset
}

function isSeqItem(line: Line): boolean {
  return (
    line.text.charCodeAt(line.col) === 45 /* - */ &&
    (line.text.length === line.col + 1 || line.text.charCodeAt(line.col + 1) === 32)
  )
}

function skipSpaces(text: string, from: number): number {
  let i = from
  while (text.charCodeAt(i) === 32) i++
  return i
}

/** A plain mapping key followed by `:` and a space or the end of the line, at `from`. */
const MAP_ENTRY = /[A-Za-z0-9_][A-Za-z0-9_./-]*:(?: |$)/y

function startsMapEntry(text: string, from: number): boolean {
  MAP_ENTRY.lastIndex = from
  return MAP_ENTRY.test(text)
}

/** Reads the block structure of one document's content lines, from the first. */
function blockReader(lines: Line[]) {
  let i = 0

  /** The mapping or sequence whose first line is `lines[i]`, at column `col`. */
  const block = (col: number, depth: number): Node => {
    if (depth > MAX_DEPTH) notQuick()
    return isSeqItem(lines[i] as Line) ? sequence(col, depth) : mapping(col, depth)
  }

  const mapping = (col: number, depth: number): Node => {
    const value: Record<string, unknown> = {}
    const keys = new Map<string, { key: number; node: Where }>()
    const first = lines[i] as Line
    const where: Where = { at: first.start + col, keys }
    for (let line = lines[i]; line && line.col === col && !isSeqItem(line); line = lines[i]) {
      const text = line.text
      const colon = text.indexOf(':', col)
      if (colon === -1 || colon - col > MAX_KEY) notQuick()
      const key = plainKey(text.slice(col, colon))
      if (keys.has(key)) notQuick()
      if (colon + 1 < text.length && text.charCodeAt(colon + 1) !== 32) notQuick()
      const rest = skipSpaces(text, colon + 1)
      i++
      let node: Node
      if (rest === text.length || text[rest] === '#') {
        // The value is the block below (a sequence may sit at the key's own column), or null.
        const next = lines[i]
        node =
          next && (next.col > col || (next.col === col && isSeqItem(next)))
            ? block(next.col, depth + 1)
            : { value: null, where: { at: line.start + colon + 1 } }
      } else node = endOfLine(line, col, rest, depth)
      value[key] = node.value
      keys.set(key, { key: line.start + col, node: node.where })
    }
    return { value, where }
  }

  const sequence = (col: number, depth: number): Node => {
    const value: unknown[] = []
    const items: Where[] = []
    const first = lines[i] as Line
    const where: Where = { at: first.start + col, items }
    for (let line = lines[i]; line && line.col === col && isSeqItem(line); line = lines[i]) {
      const from = skipSpaces(line.text, col + 1)
      // `-` alone (the item on the lines below) is left to yaml.
      if (from === line.text.length || line.text[from] === '#') notQuick()
      let node: Node
      if (startsMapEntry(line.text, from) || isSeqItem({ ...line, col: from })) {
        // `- key: value` or `- - x`: a collection whose column is that of its first key or item.
        line.col = from
        node = block(from, depth + 1)
      } else {
        i++
        node = endOfLine(line, col, from, depth)
      }
      value.push(node.value)
      items.push(node.where)
    }
    return { value, where }
  }

  /** The value written at `line.text[from]` up to the end of the line (a comment may follow). */
  const endOfLine = (line: Line, col: number, from: number, depth: number): Node => {
    const node = inlineValue(line.text, from, line.start, depth)
    // A more indented line after it would continue a plain scalar (or be an error).
    const next = lines[i]
    if (next && next.col > col) notQuick()
    return node
  }

  return { block, done: () => i === lines.length }
}

/**
 * Whether a plain scalar may start at `text[i]`: no indicator, nothing whose reading needs care,
 * or a `-` that is not an item's (`--port`, `-g`).
 */
function plainStart(text: string, i: number): boolean {
  const c = text[i] as string
  return PLAIN_START.test(c) || (c === '-' && /[A-Za-z0-9_./~$-]/.test(text[i + 1] ?? ' '))
}

const PLAIN_START = /[A-Za-z0-9_./~$]/

/** A scalar or flow collection at `from`, then only spaces and maybe a comment to the line's end. */
function inlineValue(text: string, from: number, base: number, depth: number): Node {
  const c = text[from] as string
  let node: Node
  let end: number
  if (c === '{' || c === '[') {
    const flow = flowCollection(text, from, base, depth + 1)
    node = flow.node
    end = flow.end
  } else if (c === '"' || c === "'") {
    const q = quoted(text, from)
    node = { value: q.value, where: { at: base + from } }
    end = q.end
  } else {
    if (!plainStart(text, from)) notQuick()
    const comment = text.indexOf(' #', from)
    const raw = trimSpaces(text.slice(from, comment === -1 ? text.length : comment))
    // `a: b: c` is an error; flow indicators in a block scalar are left to yaml.
    if (raw.includes(': ') || raw.endsWith(':') || /[[\]{}]/.test(raw)) notQuick()
    return { value: plainValue(raw), where: { at: base + from } }
  }
  const after = skipSpaces(text, end)
  if (after < text.length && !(text[after] === '#' && after > end)) notQuick()
  return node
}

function trimSpaces(text: string): string {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--
  return text.slice(0, end)
}

/** A flow mapping or sequence opening at `text[from]` and closing on the same line. */
function flowCollection(
  text: string,
  from: number,
  base: number,
  depth: number,
): { node: Node; end: number } {
  if (depth > MAX_DEPTH) notQuick()
  const isMap = text[from] === '{'
  const close = isMap ? '}' : ']'
  const keys = new Map<string, { key: number; node: Where }>()
  const items: Where[] = []
  const value: Record<string, unknown> | unknown[] = isMap ? {} : []
  const node: Node = { value, where: isMap ? { at: base + from, keys } : { at: base + from, items } }
  let j = skipSpaces(text, from + 1)
  if (text[j] === close) return { node, end: j + 1 }
  for (;;) {
    if (isMap) {
      MAP_ENTRY.lastIndex = j
      if (!MAP_ENTRY.test(text)) notQuick()
      const colon = MAP_ENTRY.lastIndex - 2
      if (text[colon] !== ':' || colon - j > MAX_KEY) notQuick()
      const key = plainKey(text.slice(j, colon))
      if (keys.has(key)) notQuick()
      const entry = flowValue(text, skipSpaces(text, colon + 1), base, depth)
      ;(value as Record<string, unknown>)[key] = entry.node.value
      keys.set(key, { key: base + j, node: entry.node.where })
      j = entry.end
    } else {
      const entry = flowValue(text, j, base, depth)
      ;(value as unknown[]).push(entry.node.value)
      items.push(entry.node.where)
      j = entry.end
    }
    j = skipSpaces(text, j)
    if (text[j] === close) return { node, end: j + 1 }
    if (text[j] !== ',') notQuick()
    j = skipSpaces(text, j + 1)
    // A trailing or doubled comma is left to yaml.
    if (text[j] === close || text[j] === ',') notQuick()
  }
}

/** A value inside a flow collection: a nested one, a quoted scalar, or a plain scalar up to `,`, `]` or `}`. */
function flowValue(text: string, from: number, base: number, depth: number): { node: Node; end: number } {
  const c = text[from]
  if (c === '{' || c === '[') return flowCollection(text, from, base, depth + 1)
  if (c === '"' || c === "'") {
    const q = quoted(text, from)
    return { node: { value: q.value, where: { at: base + from } }, end: q.end }
  }
  if (c === undefined || !plainStart(text, from)) notQuick()
  let end = from
  while (end < text.length && !',]}'.includes(text[end] as string)) end++
  const raw = trimSpaces(text.slice(from, end))
  // `: ` would start a pair, `#` may start a comment, `[{"'` need the full reader.
  if (raw.includes(': ') || raw.endsWith(':') || /[#[{"']/.test(raw)) notQuick()
  return { node: { value: plainValue(raw), where: { at: base + from } }, end }
}
