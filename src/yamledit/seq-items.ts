import type { CST } from 'yaml'
import { itemContentEnd } from './content-end.js'
import { asSeq, type CstItem, lookupPath } from './cst-path.js'
import type { KeyPath } from './data-path.js'
import { columnOf } from './indent-style.js'
import { isLineIndent, lineBreakNear, lineEndAfter, lineStartOf } from './line-bounds.js'

/** A sequence found at a path, with its real entries (not a trailing comma or a lone comment). */
export interface FoundSeq {
  readonly seq: CST.BlockSequence | CST.FlowCollection
  readonly entries: readonly CstItem[]
}

/**
 * The sequence at `path` in a document's CST; undefined when the path is missing or null.
 * Throws when something other than a sequence is there.
 */
export function findSeq(document: CST.Document, path: KeyPath): FoundSeq | undefined {
  const { steps, missing } = lookupPath(document, path)
  const value = steps.at(-1)?.item.value
  if (missing.length > 0 || !value || (value.type === 'scalar' && value.source === '')) return undefined
  const seq = asSeq(value)
  if (!seq) throw new Error(`${path.join('.')} is not a list`)
  const entries = seq.items.filter((i) =>
    seq.type === 'block-seq' ? i.start.some((t) => t.type === 'seq-item-ind') : i.value !== undefined,
  )
  return { seq, entries }
}

/** The offset where an entry's own content begins: its `-`, or in flow style its properties or value. */
export function entryStart(seq: FoundSeq['seq'], entry: CstItem): number {
  const skip = new Set(['space', 'newline', 'comment', 'comma'])
  if (seq.type === 'block-seq') return entry.start.find((t) => t.type === 'seq-item-ind')!.offset
  const prop = entry.start.find((t) => !skip.has(t.type))
  return prop?.offset ?? entry.value!.offset
}

/** The `[start, end)` of an entry's whole lines in a block sequence; throws when it shares a line. */
export function entryLines(
  text: string,
  seq: FoundSeq['seq'],
  entry: CstItem,
): { start: number; end: number } {
  const start = entryStart(seq, entry)
  if (!isLineIndent(text, start))
    throw new Error('cannot edit a list entry that shares its line with other content')
  return { start: lineStartOf(text, start), end: lineEndAfter(text, itemContentEnd(entry)) }
}

/** Column and line break for a new entry in a block sequence: those of its last entry. */
export function blockEntryLayout(text: string, seq: FoundSeq['seq'], last: CstItem) {
  const start = entryStart(seq, last)
  return { column: columnOf(text, start), newline: lineBreakNear(text, start) }
}
