import { isDeepStrictEqual } from 'node:util'
import { CST } from 'yaml'
import { documentData } from './open-document.js'
import { assertParses, parseStream, type StreamDocument } from './parse-stream.js'

/**
 * Deletes document `docIndex` with its `---` line, keeping every other byte: comments above
 * the first document and the other documents stay as they are. When the first document had
 * no `---` and the next one has a bare `---` line, that line goes too, so the file does not
 * start with a marker. Returns undefined when no document with data (only empty or comment-only ones) would remain: the
 * caller deletes the file. Throws when the file does not parse or the result does not read
 * back as the other documents.
 */
export function removeDocument(text: string, docIndex: number): string | undefined {
  const before = parseStream(text)
  assertParses(before)
  if (!before[docIndex]) throw new Error(`document ${docIndex} does not exist: the file has ${before.length}`)
  const remaining = before.filter((_, i) => i !== docIndex)
  if (remaining.every((d) => documentData(d) == null)) return undefined
  const documents = before.map((d) => d.cst)
  const target = documents[docIndex]!
  const next = documents[docIndex + 1]
  let end = next?.offset ?? text.length
  if (docIndex === 0 && !hasMarker(target) && next && hasMarker(next)) end = bareMarkerEnd(text, next) ?? end
  const after = text.slice(0, target.offset) + text.slice(end)
  verifyRemoval(before, after, docIndex)
  return after
}

function hasMarker(document: CST.Document): boolean {
  return document.start.some((t) => t.type === 'doc-start')
}

/**
 * End of a `---` line with nothing else on it (no comment, tag or anchor), or undefined. Also
 * undefined when a comment follows the marker: without the marker that comment would stand
 * before the stream instead of inside the document, and the document would not read back the same.
 */
function bareMarkerEnd(text: string, document: CST.Document): number | undefined {
  const match = /^---[ \t]*\r?\n/.exec(text.slice(document.offset))
  if (!match || /^\s*#/.test(text.slice(document.offset + match[0].length))) return undefined
  return document.offset + match[0].length
}

/** The others keep their data and their text, apart from a bare `---` line taken off the new first. */
function verifyRemoval(before: readonly StreamDocument[], after: string, docIndex: number): void {
  const old = before.filter((_, i) => i !== docIndex)
  const next = parseStream(after)
  assertParses(next)
  if (old.length !== next.length)
    throw new Error(`removing document ${docIndex} left ${next.length} documents`)
  const unmarked = (s: string) => s.replace(/^---[ \t]*\r?\n/, '')
  for (const [i, doc] of next.entries()) {
    const was = old[i]!
    const same = CST.stringify(doc.cst) === CST.stringify(was.cst)
    const sameUnmarked = unmarked(CST.stringify(doc.cst)) === unmarked(CST.stringify(was.cst))
    if (!(same || (i === 0 && sameUnmarked)) || !isDeepStrictEqual(documentData(doc), documentData(was))) {
      throw new Error(`removing document ${docIndex} changed another document`)
    }
  }
}
