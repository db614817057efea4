import { assertParses, parseStream } from './parse-stream.js'
import { spliceStatus } from './replace-status.js'
import type { StatusUpdate } from './verify-splice.js'
import { verifyStatusSplices } from './verify-splice.js'

/**
 * Replaces the status of several documents of one file, parsing the file
 * once, and verifies the result once: the same promise as `replaceStatus`
 * and `verifyStatusSplice` per document, at the cost of two parses a file.
 */
export function replaceStatuses(text: string, updates: readonly StatusUpdate[]): string {
  const documents = parseStream(text)
  assertParses(documents)
  let out = text
  // From the last document to the first: earlier offsets stay those of the parse.
  for (const u of [...updates].sort((a, b) => b.doc - a.doc))
    out = spliceStatus(out, documents, u.doc, u.status)
  verifyStatusSplices(text, out, updates, documents)
  return out
}
