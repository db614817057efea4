import { lineBreakNear, trailingBreakLength } from './line-bounds.js'

/** `text` with `[start, end)` replaced by `insert`. */
export function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end)
}

/** Offset of the line break ending the line that holds `offset` (of its `\r` for CRLF), or the text length. */
export function lineBreakAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset)
  if (nl === -1) return text.length
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl
}

/** `end` moved back over a line break right before it: block scalars' ranges include their last break. */
export function beforeBreak(text: string, end: number): number {
  if (text[end - 1] !== '\n') return end
  return text[end - 2] === '\r' ? end - 2 : end - 1
}

/**
 * Inserts whole lines (each ending with a line break) at a line start. At the end of a file
 * without a final line break, the break goes before the lines instead, so it stays missing.
 */
export function insertLines(text: string, at: number, lines: string): string {
  if (at < text.length || text.length === 0 || trailingBreakLength(text) > 0)
    return splice(text, at, at, lines)
  const cut = lines.slice(0, lines.length - trailingBreakLength(lines))
  return text + lineBreakNear(text, at) + cut
}

/**
 * Removes whole lines `[start, end)`. When they end a file without a final line break, the
 * break before them goes too, so it stays missing.
 */
export function cutLines(text: string, start: number, end: number): string {
  const atUnterminatedEnd = end === text.length && trailingBreakLength(text) === 0
  const from = atUnterminatedEnd ? start - trailingBreakLength(text.slice(0, start)) : start
  return text.slice(0, from) + text.slice(end)
}
