import { isDeepStrictEqual } from 'node:util'
import { CST } from 'yaml'
import { asYamlData } from './data-path.js'
import { documentData } from './open-document.js'
import { assertParses, parseStream, type StreamDocument } from './parse-stream.js'

/**
 * Checks an in-place edit before anything reaches the disk: `after` parses without errors,
 * has as many documents as `before`, every other document's text is byte-identical, and
 * document `docIndex` reads back as `expected`. Throws on any violation. `old`: the parse
 * of `before` when the caller has it.
 */
export function verifyEdit(
  before: string,
  after: string,
  docIndex: number,
  expected: unknown,
  old?: readonly StreamDocument[],
): void {
  verifyEdits(before, after, new Map([[docIndex, expected]]), old)
}

/**
 * `verifyEdit` for edits of several documents of one file (document index → the data it
 * must read back as), parsing each text once; `old` may pass the parse of `before` the edits
 * were made from. Returns the parse of `after`.
 */
export function verifyEdits(
  before: string,
  after: string,
  expected: ReadonlyMap<number, unknown>,
  old: readonly StreamDocument[] = parseStream(before),
): readonly StreamDocument[] {
  const edited = [...expected.keys()].join(', ')
  for (const doc of expected.keys()) {
    if (!old[doc]) throw new Error(`document ${doc} does not exist: the file has ${old.length}`)
  }
  const next = parseStream(after)
  assertParses(next)
  if (old.length !== next.length) {
    throw new Error(`edit changed the document count from ${old.length} to ${next.length}`)
  }
  for (const [i, doc] of next.entries()) {
    if (expected.has(i)) {
      if (!isDeepStrictEqual(documentData(doc), asYamlData(expected.get(i)))) {
        throw new Error(`edit of document ${i} does not read back as intended`)
      }
    } else if (CST.stringify(doc.cst) !== CST.stringify(old[i]!.cst)) {
      throw new Error(`edit of document ${edited} changed document ${i}`)
    }
  }
  return next
}
