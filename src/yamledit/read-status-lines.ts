import { Document, isScalar, type ScalarTag } from 'yaml'

/**
 * Reads back a `status` pair as `renderStatus` writes it, without a YAML parser: block
 * mappings and sequences by indentation (`- ` entries, compact `- key: value` entries),
 * collections on one line in flow style (`{a: 1, b: [x, y]}`), plain scalars made of the
 * characters `renderStatus` leaves plain, and double-quoted scalars in JSON's escapes.
 * Plain scalars resolve by the tags of the YAML 1.2 core schema, the schema `parseStream`
 * composes with, so `8` is a number, `true` a boolean and `node-1` a string, as there.
 *
 * It reads a deliberately small grammar and answers undefined for anything else (comments,
 * anchors, aliases, tags, single quotes, block scalars, a collection over several lines,
 * a duplicate key, spacing `renderStatus` never writes): the caller then parses in full.
 * `lines` must end with `newline`; the pair's key must sit at `column`.
 */
export function readStatusLines(
  lines: string,
  column: number,
  newline: '\n' | '\r\n',
): { readonly value: unknown } | undefined {
  if (!lines.endsWith(newline)) return undefined
  const rows: Row[] = []
  for (const raw of lines.slice(0, -newline.length).split(newline)) {
    const text = raw.trimStart()
    if (text === '' || text.endsWith(' ') || raw.includes('\r') || raw.includes('\t')) return undefined
    rows.push({ indent: raw.length - text.length, text })
  }
  if (rows[0]?.indent !== column) return undefined
  const reader = blockReader(rows)
  const top = reader.map(column)
  if (top === FAIL || !reader.done()) return undefined
  const keys = Object.keys(top as object)
  return keys.length === 1 && keys[0] === 'status'
    ? { value: (top as { status: unknown }).status }
    : undefined
}

interface Row {
  readonly indent: number
  readonly text: string
}

/** What a reader returns when the text is outside the grammar. */
const FAIL: unique symbol = Symbol('outside the grammar')
type Read<T> = T | typeof FAIL

/** Block collections over `rows`, consumed from the first. */
function blockReader(rows: Row[]) {
  let i = 0
  const isEntry = (text: string) => text.startsWith('- ')

  /** Rows at `indent` that are `key: value` or `key:` with the value below. */
  const map = (indent: number): Read<Record<string, unknown>> => {
    const out: Record<string, unknown> = {}
    for (let row = rows[i]; row && row.indent === indent && !isEntry(row.text); row = rows[i]) {
      const pair = keyAt(row.text)
      if (pair === FAIL || Object.hasOwn(out, pair.key)) return FAIL
      i++
      const value = pair.rest === '' ? below(indent) : inline(pair.rest)
      if (value === FAIL) return FAIL
      out[pair.key] = value
    }
    return out
  }

  /** The value under `key:` at `indent`: deeper rows, or `- ` entries at the same indent. */
  const below = (indent: number): Read<unknown> => {
    const next = rows[i]
    if (!next || next.indent < indent || (next.indent === indent && !isEntry(next.text))) return FAIL
    return isEntry(next.text) ? seq(next.indent) : map(next.indent)
  }

  /** `- ` entries at `indent`; an entry's own block content starts two columns in. */
  const seq = (indent: number): Read<unknown[]> => {
    const out: unknown[] = []
    for (let row = rows[i]; row && row.indent === indent && isEntry(row.text); row = rows[i]) {
      const rest = row.text.slice(2)
      if (rest.startsWith(' ')) return FAIL
      let value: Read<unknown>
      if (isEntry(rest) || keyAt(rest) !== FAIL) {
        // A compact entry: its first line reads as if it started at the column after `- `.
        rows[i] = { indent: indent + 2, text: rest }
        value = isEntry(rest) ? seq(indent + 2) : map(indent + 2)
      } else {
        value = inline(rest)
        i++
      }
      if (value === FAIL) return FAIL
      out.push(value)
    }
    return out
  }

  return { map, done: () => i === rows.length }
}

/** A block mapping's `key: value` or `key:` line: the key and what follows `: `. */
function keyAt(text: string): Read<{ key: string; rest: string }> {
  const key = scalarAt(text, 0, false)
  if (key === FAIL || typeof key.value !== 'string' || key.value === '__proto__') return FAIL
  if (text[key.end] !== ':') return FAIL
  if (key.end + 1 === text.length) return { key: key.value, rest: '' }
  if (text[key.end + 1] !== ' ' || text[key.end + 2] === ' ') return FAIL
  return { key: key.value, rest: text.slice(key.end + 2) }
}

/** A whole text as one value on one line: a flow collection or a scalar. */
function inline(text: string): Read<unknown> {
  const read = flowAt(text, 0)
  return read !== FAIL && read.end === text.length ? read.value : FAIL
}

interface At {
  readonly value: unknown
  readonly end: number
}

/** A flow collection or a scalar starting at `pos`, entries separated by `, ` as `renderStatus` writes. */
function flowAt(text: string, pos: number): Read<At> {
  const open = text[pos]
  if (open !== '{' && open !== '[') return scalarAt(text, pos, true)
  const close = open === '{' ? '}' : ']'
  const out: Record<string, unknown> | unknown[] = open === '{' ? {} : []
  let at = pos + 1
  if (text[at] === close) return { value: out, end: at + 1 }
  for (;;) {
    if (Array.isArray(out)) {
      const item = flowAt(text, at)
      if (item === FAIL) return FAIL
      out.push(item.value)
      at = item.end
    } else {
      const key = scalarAt(text, at, true)
      if (key === FAIL || typeof key.value !== 'string' || key.value === '__proto__') return FAIL
      if (Object.hasOwn(out, key.value) || text[key.end] !== ':' || text[key.end + 1] !== ' ') return FAIL
      const value = flowAt(text, key.end + 2)
      if (value === FAIL) return FAIL
      out[key.value] = value.value
      at = value.end
    }
    if (text[at] === close) return { value: out, end: at + 1 }
    if (text[at] !== ',' || text[at + 1] !== ' ') return FAIL
    at += 2
  }
}

/**
 * Characters a plain scalar may hold here: those `renderStatus` writes plain. None of them is
 * a flow indicator or starts a comment, and a plain scalar ends before `: `, `, ` or a closing bracket.
 */
const PLAIN =
  /[A-Za-z0-9_./+()@;=-](?:[A-Za-z0-9_./+()@;=-]|:(?=[A-Za-z0-9_./+()@;=-])| (?=[A-Za-z0-9_./+()@;=-]))*/y
/** A plain scalar must not start with an indicator (`-` before a space, `@`) nor look like a seq entry. */
const PLAIN_START = /[A-Za-z0-9_./+(;=]|-(?=[A-Za-z0-9_./+()@;=-])/y
/** Raw characters a YAML reader may refuse or read otherwise inside quotes: `renderStatus` escapes them. */
const UNSAFE_RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/

function scalarAt(text: string, pos: number, inFlow: boolean): Read<At> {
  if (text[pos] === '"') {
    let end = pos + 1
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
    if (end >= text.length) return FAIL
    const source = text.slice(pos, end + 1)
    if (UNSAFE_RAW.test(source)) return FAIL
    try {
      return { value: JSON.parse(source) as string, end: end + 1 }
    } catch {
      return FAIL
    }
  }
  PLAIN_START.lastIndex = pos
  if (!PLAIN_START.test(text)) return FAIL
  PLAIN.lastIndex = pos
  const match = PLAIN.exec(text)
  if (!match) return FAIL
  // In a flow collection a plain scalar runs up to `,` `]` `}`; in block context to the line end or `: `.
  const end = pos + match[0].length
  const next = text[end]
  if (next !== undefined && next !== ':' && !(inFlow && (next === ',' || next === '}' || next === ']')))
    return FAIL
  const value = resolvePlain(match[0])
  return value === FAIL ? FAIL : { value, end }
}

/** The core schema's tags that a plain scalar is tested against, in the order the composer tries them. */
const plainTags = new Document(null).schema.tags.filter(
  (tag): tag is ScalarTag & { test: RegExp } =>
    tag.default === true && 'test' in tag && tag.test !== undefined,
)

/** A plain scalar's value as the composer resolves it: by the first core tag whose test matches, else a string. */
function resolvePlain(source: string): Read<unknown> {
  const tag = plainTags.find((t) => t.test.test(source))
  if (!tag) return source
  let failed = false
  const value = tag.resolve(
    source,
    () => {
      failed = true
    },
    {},
  )
  // Some tags (booleans) resolve to a Scalar node, to remember how the value was written.
  const plain = isScalar(value) ? value.value : value
  return failed || (typeof plain === 'object' && plain !== null) ? FAIL : plain
}
