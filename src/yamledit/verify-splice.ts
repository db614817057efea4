import { isRecord } from './data-path.js'
import { documentData } from './open-document.js'
import { parseStream, type StreamDocument } from './parse-stream.js'
import { removeStatus, type StatusUpdate } from './replace-status.js'
import { verifyEdits } from './verify-edit.js'

/**
 * Checks a status write before it reaches the disk by parsing the result in full: `after`
 * parses without errors, has as many documents as `before`, every other document's text is
 * unchanged, the target document's value equals the old one with `status` replaced (or
 * removed when undefined), and the text outside the status pairs is byte-identical. Throws
 * on any violation.
 */
export function verifyStatusSplice(before: string, after: string, docIndex: number, status: unknown): void {
  verifyStatusSplices(before, after, [{ doc: docIndex, status }])
}

/**
 * `verifyStatusSplice` for several documents of one file at once, parsing each text once;
 * `old` may pass the parse of `before` that the splices were made from.
 */
export function verifyStatusSplices(
  before: string,
  after: string,
  updates: readonly StatusUpdate[],
  old: readonly StreamDocument[] = parseStream(before),
): void {
  const expected = new Map(
    updates.map((u) => {
      const doc = old[u.doc]
      return [u.doc, doc && withStatus(documentData(doc), u.status)]
    }),
  )
  const next = verifyEdits(before, after, expected, old)
  if (removeStatus(before, old) !== removeStatus(after, next)) {
    throw new Error(
      `status write into document ${[...expected.keys()].join(', ')} changed text outside the status`,
    )
  }
}

/** A document's data with `status` set to the given value, or without it when undefined. */
function withStatus(value: unknown, status: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error('cannot write status: the document is not a mapping')
  const { status: _old, ...rest } = value
  return status === undefined ? rest : { ...rest, status }
}
