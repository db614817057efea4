import { isDeepStrictEqual } from 'node:util'
import { CST } from 'yaml'
import { asYamlData } from './data-path.js'
import { documentData } from './open-document.js'
import { assertParses, parseStream } from './parse-stream.js'

/**
 * Checks an in-place edit before anything reaches the disk: `after` parses without errors,
 * has as many documents as `before`, every other document's text is byte-identical, and
 * document `docIndex` reads back as `expected`. Throws on any violation.
 */
export function verifyEdit(before: string, after: string, docIndex: number, expected: unknown): void {
  const old = parseStream(before)
  const next = parseStream(after)
  assertParses(next)
  if (old.length !== next.length) {
    throw new Error(`edit changed the document count from ${old.length} to ${next.length}`)
  }
  for (const [i, doc] of next.entries()) {
    if (i !== docIndex && CST.stringify(doc.cst) !== CST.stringify(old[i]!.cst)) {
      throw new Error(`edit of document ${docIndex} changed document ${i}`)
    }
  }
  const target = next[docIndex]
  if (!target) throw new Error(`document ${docIndex} does not exist: the file has ${next.length}`)
  if (!isDeepStrictEqual(documentData(target), asYamlData(expected))) {
    throw new Error(`edit of document ${docIndex} does not read back as intended`)
  }
}
