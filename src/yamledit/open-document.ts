import { MAX_ALIAS_COUNT } from './alias-limit.js'
import { assertParses, parseStream, type StreamDocument } from './parse-stream.js'

/** A file's documents, and the one an edit targets with its current data. */
export interface OpenDocument {
  readonly documents: readonly StreamDocument[]
  readonly target: StreamDocument
  /** The target document's data before the edit. */
  readonly data: unknown
}

/**
 * Parses `text` and picks document `docIndex` (0-based, as `parseAllDocuments` counts).
 * Throws when the file does not parse or has no such document: a file that does not parse is
 * never edited.
 */
export function openDocument(text: string, docIndex: number): OpenDocument {
  const documents = parseStream(text)
  assertParses(documents)
  const target = documents[docIndex]
  if (!target) throw new Error(`document ${docIndex} does not exist: the file has ${documents.length}`)
  return { documents, target, data: documentData(target) }
}

/** A document's data as plain JavaScript, refusing alias bombs. */
export function documentData({ doc }: StreamDocument): unknown {
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
}
