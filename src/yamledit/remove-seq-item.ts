import { isDeepStrictEqual } from 'node:util'
import { itemContentEnd } from './content-end.js'
import { getPath, type KeyPath, setPath } from './data-path.js'
import { openDocument } from './open-document.js'
import { entryLines, entryStart, findSeq } from './seq-items.js'
import { setIn } from './set-in.js'
import { replaceLines, splice } from './text-splice.js'
import { verifyEdit } from './verify-edit.js'

/**
 * Removes the first entry equal to `value` from the list at `path` (e.g. `node2` from
 * `spec.nodes`) in document `docIndex`, in block or flow style, keeping every other byte:
 * comments on other entries and comment lines between entries stay. The last entry leaves
 * `[]` behind, never a null. Throws when the list or the entry is not there, or when the
 * result would not read back as intended.
 */
export function removeSeqItem(text: string, docIndex: number, path: KeyPath, value: unknown): string {
  const { documents, target, data } = openDocument(text, docIndex)
  const list = getPath(data, path)
  const found = findSeq(target.cst, path)
  const index = Array.isArray(list) ? list.findIndex((v) => isDeepStrictEqual(v, value)) : -1
  if (!found || !Array.isArray(list) || index < 0) {
    throw new Error(`${path.join('.')} has no entry ${JSON.stringify(value)}`)
  }
  if (found.entries.length !== list.length) throw new Error(`${path.join('.')}: list entries do not line up`)
  if (list.length === 1) return setIn(text, docIndex, path, [])
  const { seq, entries } = found
  const entry = entries[index]!
  let after: string
  if (seq.type === 'block-seq') {
    const lines = entryLines(text, seq, entry)
    after = replaceLines(text, lines.start, lines.end, '')
  } else {
    after = cutFlowEntry(text, seq, entries, index)
  }
  verifyEdit(text, after, docIndex, setPath(data, path, list.toSpliced(index, 1)), documents)
  return after
}

type Seq = NonNullable<ReturnType<typeof findSeq>>

/**
 * Cuts a flow entry with the comma that separates it from a neighbour: the one before it, or
 * for the first entry the one after it. A comment in between stays where it was.
 */
function cutFlowEntry(text: string, seq: Seq['seq'], entries: Seq['entries'], index: number): string {
  const entry = entries[index]!
  const [from, to] = index > 0 ? [entries[index - 1]!, entry] : [entry, entries[index + 1]!]
  const comma = to.start.find((t) => t.type === 'comma')
  if (!comma) throw new Error('flow list entries without a comma between them')
  const between = text.slice(itemContentEnd(from), entryStart(seq, to))
  const start = index > 0 ? comma.offset : entryStart(seq, entry)
  const end = index > 0 ? itemContentEnd(entry) : entryStart(seq, to)
  if (!between.includes('#')) return splice(text, start, end, '')
  // Keep the comment: cut the entry and the comma separately, the later one first.
  const cuts = [
    [entryStart(seq, entry), itemContentEnd(entry)],
    [comma.offset, comma.offset + 1],
  ].sort((a, b) => b[0]! - a[0]!)
  return cuts.reduce((t, [s, e]) => splice(t, s!, e!, ''), text)
}
