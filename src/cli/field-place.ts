import { locatePath } from '../load/locate.js'
import { parseDocuments } from '../load/parse-documents.js'
import type { SourceRef } from '../model/resource.js'
import { foldStatus } from '../yamledit/fold-status.js'

/**
 * Where a field of a loaded document is written: `field` (a data path such as
 * `['spec', 'networks', 0]`) located in the document `source` names, in the file's `text`.
 * The statuses are folded away first, so a service of 100,000 tasks is not parsed for a
 * line of its spec. Falls back to the deepest part of the path that exists; `source` itself
 * (the document's `metadata.name`) when the text no longer holds that document.
 */
export function fieldPlace(
  text: string,
  source: SourceRef,
  field: readonly (string | number)[],
): { line: number; col: number } {
  const fold = foldStatus(text)
  const parsed = parseDocuments(source.file, fold?.text ?? text)
  const doc = parsed.documents.find((d) => d.index === source.doc)
  if (!doc) return source
  const { line, col } = parsed.lineCounter.linePos(locatePath(doc.doc, field))
  return { line: fold ? fold.unchanged.fileLine(line) : line, col }
}
