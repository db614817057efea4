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
 * Replaces whole lines `[start, end)` (`start === end`: an insertion at a line start) by
 * `lines`, each ending with a line break. At the end of a file without a final line break
 * that break stays missing: replaced lines lose their last break, inserted lines get one
 * before them instead, and cut lines take the break before them.
 */
export function replaceLines(text: string, start: number, end: number, lines: string): string {
  if (end < text.length || text.length === 0 || trailingBreakLength(text) > 0)
    return splice(text, start, end, lines)
  if (lines === '') return text.slice(0, start - trailingBreakLength(text.slice(0, start)))
  const body = lines.slice(0, lines.length - trailingBreakLength(lines))
  if (start < end) return text.slice(0, start) + body
  return text + lineBreakNear(text, start) + body
}
