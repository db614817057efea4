import type { CST } from 'yaml'
import { lineStartOf } from './line-bounds.js'

/** How a document indents nested blocks, so a written status looks like the rest of it. */
export interface IndentStyle {
  /** Spaces per nested mapping level. */
  readonly indent: number
  /** Whether a block sequence under a key is indented (`key:\n  - a`) or not (`key:\n- a`). */
  readonly indentSeq: boolean
}

const defaults: IndentStyle = { indent: 2, indentSeq: true }

/**
 * Reads the indentation style of a top-level block mapping from the first nested mapping
 * and the first nested sequence found under it, skipping `skip` (the old status pair, so a
 * rewrite follows the person's style rather than berth's previous one).
 */
export function detectIndentStyle(text: string, map: CST.BlockMap, skip?: unknown): IndentStyle {
  let indent: number | undefined
  let indentSeq: boolean | undefined
  const visit = (node: CST.BlockMap): void => {
    for (const item of node.items) {
      if (item === skip || !item.key || !item.value) continue
      const keyColumn = columnOf(text, item.key.offset)
      const value = item.value
      if (value.type === 'block-map') {
        const first = value.items.find((i) => i.key)?.key
        const step = first ? columnOf(text, first.offset) - keyColumn : 0
        if (indent === undefined && step > 0) indent = step
        visit(value)
      } else if (value.type === 'block-seq' && indentSeq === undefined) {
        indentSeq = columnOf(text, value.offset) > keyColumn
      }
      if (indent !== undefined && indentSeq !== undefined) return
    }
  }
  visit(map)
  return { indent: indent ?? defaults.indent, indentSeq: indentSeq ?? defaults.indentSeq }
}

/** Zero-based column of an offset. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset)
}
