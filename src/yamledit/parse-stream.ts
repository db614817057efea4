import { Composer, type CST, type Document, Parser } from 'yaml'

/** One YAML document of a file: its concrete syntax tree and its composed form. */
export interface StreamDocument {
  readonly cst: CST.Document
  readonly doc: Document.Parsed
}

/**
 * Parses a file once into CST tokens and composes them, pairing each CST document with the
 * document `parseAllDocuments` would return at the same index.
 */
export function parseStream(text: string): StreamDocument[] {
  const tokens = Array.from(new Parser().parse(text))
  const csts = tokens.filter((t): t is CST.Document => t.type === 'document')
  const docs = Array.from(new Composer().compose(tokens))
  if (docs.length !== csts.length) {
    throw new Error(`YAML stream has ${csts.length} CST documents but composes into ${docs.length}`)
  }
  return csts.map((cst, i) => ({ cst, doc: docs[i]! }))
}

/** Throws with the first parse error of any document; a file that does not parse is never written. */
export function assertParses(documents: readonly StreamDocument[]): void {
  for (const [i, { doc }] of documents.entries()) {
    const error = doc.errors[0]
    if (error) throw new Error(`document ${i} does not parse: ${error.message}`)
  }
}
