import { isDeepStrictEqual } from 'node:util'
import { asYamlData } from './data-path.js'
import { lineBreakNear } from './line-bounds.js'
import { readStatusLines } from './read-status-lines.js'
import type { StatusSplice } from './replace-status.js'

/**
 * The cheap check of status splices, in place of re-parsing the whole result: true only
 * when it proves what `verifyStatusSplices` checks (docs/status-writes.md, "Checking a status
 * write", says why each step is enough); false when it cannot, and the caller parses in full.
 *
 * 1. Bytes: `after` is `before` with each splice's lines `[start, end)` replaced by its new
 *    lines, every other byte identical (a byte compare).
 * 2. Boundaries: each splice covers whole lines, with a line break before and after it; no
 *    block scalar ends right above it (its value would own the line breaks around it); the
 *    lines it takes out define no anchor (an alias elsewhere could point into them); every
 *    top-level key of the document is a scalar, so no alias key can already be `status`; no
 *    directive (`%YAML 1.1`) changes the schema; and the first line below it that is not
 *    blank or a comment is indented no deeper than the document's keys and is no `- `
 *    entry, so it cannot continue the new value. The parse of `before` put
 *    the document's top-level keys at the splice's column and the old pair on exactly those
 *    lines, so a pair made of a key line at that column and deeper lines (or `- ` entries of
 *    its list at that column) takes its place in the document and nothing else moves.
 * 3. Value: the new lines, read back alone (`readStatusLines`, which answers only for the
 *    grammar `renderStatus` writes), are one `status` key at that column whose value equals
 *    the intended status as YAML would read it back.
 */
export function splicesProvenSafe(before: string, after: string, splices: readonly StatusSplice[]): boolean {
  // Two splices of one document would both take (or both add) its status pair.
  if (new Set(splices.map((s) => s.doc)).size !== splices.length) return false
  // A directive (`%YAML 1.1`) can change how plain scalars resolve: the reader knows only YAML 1.2's core schema.
  if (/^%/m.test(before)) return false
  let from = 0
  let at = 0
  for (const splice of [...splices].sort((a, b) => a.start - b.start)) {
    // A removal can hand the blank lines it leaves to a block scalar above: parse in full.
    if (
      splice.lines === '' ||
      splice.start < from ||
      !boundariesHold(before, splice) ||
      !readsBack(before, splice)
    )
      return false
    const kept = before.slice(from, splice.start)
    if (!after.startsWith(kept, at) || !after.startsWith(splice.lines, at + kept.length)) return false
    at += kept.length + splice.lines.length
    from = splice.end
  }
  return after.length - at === before.length - from && after.endsWith(before.slice(from))
}

function boundariesHold(text: string, { start, end, site }: StatusSplice): boolean {
  const lineStart = (offset: number) => offset === 0 || text[offset - 1] === '\n'
  if (!lineStart(start) || !lineStart(end) || (end === text.length && !text.endsWith('\n'))) return false
  if (site.scalarBeforePair || (start === end && site.scalarAtEnd) || !site.plainKeys) return false
  if (text.slice(start, end).includes('&')) return false
  return nextContentIndent(text, end) <= site.column
}

/**
 * Indentation of the first line from `offset` on that is not blank or a comment (-1 at the
 * end); infinite when that line could continue a list at the top-level column (`- …`),
 * starts with a tab, or holds a lone carriage return.
 */
function nextContentIndent(text: string, offset: number): number {
  let at = offset
  while (at < text.length) {
    let i = at
    while (text[i] === ' ') i++
    const c = text[i]
    // A lone carriage return is a line break to YAML, not to this scan: leave it to the parser.
    if (c === '\t' || (c === '\r' && text[i + 1] !== '\n')) return Number.POSITIVE_INFINITY
    if (c === '-' && /[ \r\n]/.test(text[i + 1] ?? '\n')) return Number.POSITIVE_INFINITY
    if (c !== '\n' && c !== '\r' && c !== '#' && c !== undefined) return i - at
    const nl = text.indexOf('\n', i)
    if (nl === -1) return -1
    at = nl + 1
  }
  return -1
}

function readsBack(text: string, { start, lines, status, site }: StatusSplice): boolean {
  const read = readStatusLines(lines, site.column, lineBreakNear(text, start))
  return read !== undefined && isDeepStrictEqual(read.value, asYamlData(status))
}
