/** Line arithmetic on raw text offsets; works the same for `\n` and `\r\n` files. */

/** Offset of the first character of the line holding `offset`; a leading BOM is not on any line. */
export function lineStartOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1
  return start === 0 && text.startsWith('\uFEFF') && offset > 0 ? 1 : start
}

/**
 * Offset just past the line break ending the line that holds `offset`, or the text length
 * when that line is the last one and has no line break. An offset that already sits at the
 * start of a line (right after a `\n`) is returned unchanged: CST ranges such as a block
 * scalar's body include their trailing newline, and the next line is not theirs.
 */
export function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset
  const nl = text.indexOf('\n', offset)
  return nl === -1 ? text.length : nl + 1
}

/** True when only spaces and tabs stand between the start of the line and `offset`. */
export function isLineIndent(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset))
}

/** The line break used near `offset`: the one ending the previous line, else the file's first. */
export function lineBreakNear(text: string, offset: number): '\n' | '\r\n' {
  let nl = text.lastIndexOf('\n', offset - 1)
  if (nl === -1) nl = text.indexOf('\n')
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n'
}

/** Length of the line break that ends `text` (`\r\n` → 2, `\n` → 1, none → 0). */
export function trailingBreakLength(text: string): number {
  if (text.endsWith('\r\n')) return 2
  return text.endsWith('\n') ? 1 : 0
}
