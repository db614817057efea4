import { assertParses, parseStream } from './parse-stream.js'
import { applySplices, type StatusUpdate, statusSplices } from './replace-status.js'
import { splicesProvenSafe } from './splice-check.js'
import { verifyStatusSplices } from './verify-splice.js'

/**
 * Replaces the status of several documents of one file, parsing the file once, and checks
 * the result before it is returned: the same promise as `replaceStatus` followed by
 * `verifyStatusSplice` per document. The check is the cheap one (`splicesProvenSafe`: a byte
 * compare, the boundaries of each splice, and a read-back of the new status lines alone)
 * where it applies, the full re-parse of the result otherwise. Throws when either fails.
 */
export function replaceStatuses(text: string, updates: readonly StatusUpdate[]): string {
  const documents = parseStream(text)
  assertParses(documents)
  const splices = statusSplices(text, documents, updates)
  const out = applySplices(text, splices)
  if (!splicesProvenSafe(text, out, splices)) verifyStatusSplices(text, out, updates, documents)
  return out
}
