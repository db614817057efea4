import { itemContentEnd } from './content-end.js'
import { getPath, type KeyPath, setPath } from './data-path.js'
import { openDocument } from './open-document.js'
import { renderInline } from './render-value.js'
import { blockEntryLayout, entryLines, findSeq } from './seq-items.js'
import { setIn } from './set-in.js'
import { replaceLines, splice } from './text-splice.js'
import { verifyEdit } from './verify-edit.js'

/**
 * Appends `value` to the list at `path` (e.g. a node to `spec.nodes`) in document `docIndex`,
 * in the list's own style, keeping every other byte; creates the list (and missing parent
 * mappings) when absent or null. Throws when something other than a list is there, or when
 * the result would not read back as intended.
 */
export function addSeqItem(text: string, docIndex: number, path: KeyPath, value: unknown): string {
  const { documents, target, data } = openDocument(text, docIndex)
  const found = findSeq(target.cst, path)
  if (!found) return setIn(text, docIndex, path, [value])
  const list = getPath(data, path) as unknown[]
  const { seq, entries } = found
  const last = entries.at(-1)
  let after: string
  if (seq.type === 'block-seq') {
    // A block list always has an entry: an empty one is written `[]`, in flow style.
    const { column, newline } = blockEntryLayout(text, seq, last!)
    const item = renderInline(value, { column: column + 2, style: { indent: 2, indentSeq: true }, newline })
    const at = entryLines(text, seq, last!).end
    after = replaceLines(text, at, at, `${' '.repeat(column)}- ${item}${newline}`)
  } else {
    const layout = { column: 0, style: { indent: 2, indentSeq: true }, newline: '\n' as const }
    const item = renderInline(value, layout, true)
    const close = seq.end.find((t) => t.type === 'flow-seq-end')
    if (!close) throw new Error(`${path.join('.')}: unterminated flow list`)
    after = last
      ? splice(text, itemContentEnd(last), itemContentEnd(last), `, ${item}`)
      : splice(text, close.offset, close.offset, item)
  }
  verifyEdit(text, after, docIndex, setPath(data, path, [...list, value]), documents)
  return after
}
