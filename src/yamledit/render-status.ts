import { scalarText } from './flow-scalar.js'
import type { IndentStyle } from './indent-style.js'

/** Where and how a rendered status pair must fit into a document. */
export interface StatusLayout {
  /** Column of the document's top-level keys. */
  readonly column: number
  readonly style: IndentStyle
  readonly newline: '\n' | '\r\n'
}

/**
 * Renders `status: <value>` as whole lines ending with a line break, compact but readable:
 *
 * - a mapping of scalars, or a list of scalars, on one line (`replicas: {desired: 8, running: 8}`,
 *   `nodes: [node1, node2]`);
 * - a list of flat mappings (scalars and lists of scalars) one flow mapping per line: each
 *   task, condition or plugin entry is one line (`- {id: …, name: web.1, slot: 1, …}`);
 * - anything deeper in block style, by the same rules one level down.
 *
 * Any kind's status renders the same way: the shape decides, not the field names. Strings
 * are plain only when every YAML 1.1 and 1.2 reader takes them as the same string, in block
 * and in flow context; otherwise double-quoted, on one line (a multi-line string as a
 * block scalar right before the person's next key could swallow their blank lines).
 */
export function renderStatus(status: unknown, layout: StatusLayout): string {
  const lines: string[] = []
  // The status mapping itself is always a block, its fields one per line (unless it is empty).
  if (isMap(status) && Object.values(status).some((v) => v !== undefined)) {
    lines.push(`${pad(layout.column)}status:`)
    map(lines, layout.column + layout.style.indent, status, layout.style)
  } else pair(lines, layout.column, 'status', status, layout.style)
  return lines.map((line) => line + layout.newline).join('')
}

const pad = (n: number) => ' '.repeat(n)

type Lines = string[]

function pair(lines: Lines, column: number, key: string, value: unknown, style: IndentStyle): void {
  const head = `${pad(column)}${scalarText(key)}:`
  if (isFlat(value, 2) && !isSeqOfMaps(value)) {
    lines.push(`${head} ${inline(value)}`)
    return
  }
  lines.push(head)
  if (Array.isArray(value)) seq(lines, column + (style.indentSeq ? style.indent : 0), value, style)
  else map(lines, column + style.indent, value as Record<string, unknown>, style)
}

function map(lines: Lines, column: number, value: Record<string, unknown>, style: IndentStyle): void {
  for (const [k, v] of Object.entries(value)) if (v !== undefined) pair(lines, column, k, v, style)
}

function seq(lines: Lines, column: number, items: readonly unknown[], style: IndentStyle): void {
  for (const item of items) {
    const value = item === undefined ? null : item
    if (isFlat(value, 2)) {
      lines.push(`${pad(column)}- ${inline(value)}`)
      continue
    }
    // A deep item: its first line after `- `, the rest below, aligned with it.
    const inner: Lines = []
    if (Array.isArray(value)) seq(inner, column + 2, value, style)
    else map(inner, column + 2, value as Record<string, unknown>, style)
    const [first = '', ...rest] = inner
    lines.push(`${pad(column)}- ${first.slice(column + 2)}`, ...rest)
  }
}

/** A scalar, or a collection that fits on one line: at most `depth` levels of nesting. */
function isFlat(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true
  if (depth === 0) return false
  const values = Array.isArray(value) ? value : Object.values(value)
  if (values.length === 0) return true
  // One line holds a mapping of lists of scalars, or a list of scalars; no list of lists.
  const inner = Array.isArray(value) ? 0 : depth - 1
  return values.every((v) => isFlat(v, inner))
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** A non-empty list of mappings: one per line, not all on one. */
function isSeqOfMaps(value: unknown): boolean {
  return Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')
}

function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return scalarText(value)
  if (Array.isArray(value)) return `[${value.map((v) => inline(v === undefined ? null : v)).join(', ')}]`
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  return `{${entries.map(([k, v]) => `${scalarText(k)}: ${inline(v)}`).join(', ')}}`
}
