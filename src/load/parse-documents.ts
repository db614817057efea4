import type { Document, LineCounter } from 'yaml'
import type { Diagnostic } from '../model/diagnostic.js'
import { MAX_ALIAS_COUNT } from '../yamledit/alias-limit.js'
import {
  duplicateKeys,
  flowNestingBomb,
  MAX_NESTING,
  nestingDepthBomb,
  undefinedAliases,
} from './parse-limits.js'
import { personTooLarge } from './person-bytes.js'
import { yamlPackage } from './yaml-package.js'

/** One YAML document of a file, converted to plain data. */
export interface ParsedDocument {
  /** Index among the file's documents, as `parseAllDocuments` counts them. */
  readonly index: number
  readonly value: unknown
  /** The parsed document, for mapping a path back to a position. */
  readonly doc: Document.Parsed
  readonly line: number
  readonly col: number
}

export interface ParsedFile {
  readonly documents: readonly ParsedDocument[]
  readonly diagnostics: readonly Diagnostic[]
  readonly lineCounter: LineCounter
}

/**
 * Parses every document of a file with positions. Syntax errors, duplicate
 * keys and alias bombs become diagnostics; empty documents (only comments or
 * markers) are skipped.
 */
export function parseDocuments(file: string, text: string): ParsedFile {
  const { isScalar, LineCounter, parseAllDocuments } = yamlPackage()
  const lineCounter = new LineCounter()
  const diagnostics: Diagnostic[] = []
  const at = (offset: number) => lineCounter.linePos(offset)
  const tooLarge = personTooLarge(text)
  if (tooLarge) {
    lineCounter.addNewLine(0)
    diagnostics.push({ file, line: 1, col: 1, code: 'file-too-large', message: tooLarge })
    return { documents: [], diagnostics, lineCounter }
  }
  // The parser takes seconds on deeply nested flow collections: refuse them before parsing.
  const deep = flowNestingBomb(text)
  if (deep) {
    lineCounter.addNewLine(0)
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineCounter.addNewLine(i + 1)
    diagnostics.push({ file, ...at(deep.offset), code: 'yaml-syntax', message: deep.message })
    return { documents: [], diagnostics, lineCounter }
  }
  // yaml's own `uniqueKeys` check is quadratic in the keys of a map; ours is linear.
  // Merge keys (`<<: *base`) as other tools write them (YAML 1.1, docker compose, kubectl).
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true })
  const list = Array.isArray(docs) ? docs : []
  const documents: ParsedDocument[] = []
  list.forEach((doc, index) => {
    const errors: { pos: [number, number]; message: string }[] = [...doc.errors].map((e) =>
      // yaml reports its own stack overflow on deep block nesting as a syntax error: say what it is.
      e.message.startsWith('Maximum call stack size exceeded') ? { pos: e.pos, message: TOO_DEEP } : e,
    )
    if (errors.length === 0) errors.push(...(tooDeep(doc) ?? duplicateKeys(doc)))
    for (const error of errors) {
      const pos = at(error.pos[0])
      diagnostics.push({ file, ...pos, code: 'yaml-syntax', message: firstLine(error.message) })
    }
    // An empty document (a trailing `---`, only comments, an explicit `null`) defines nothing.
    if (errors.length > 0 || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))
      return
    const pos = at(doc.contents.range?.[0] ?? 0)
    try {
      const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
      documents.push({ index, value, doc, ...pos })
    } catch (error) {
      // An alias with no anchor before it is a plain mistake, not an attack: name it where it is.
      const [unresolved] = error instanceof ReferenceError ? undefinedAliases(doc) : []
      if (unresolved) {
        const message = `alias *${unresolved.name} refers to no anchor (&${unresolved.name} must come before it)`
        diagnostics.push({ file, ...at(unresolved.offset), code: 'yaml-syntax', message })
        return
      }
      const message = (error as Error).message
      const code = /alias/i.test(message) ? 'yaml-alias' : 'yaml-syntax'
      const text =
        code === 'yaml-alias'
          ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}); refusing a possible alias bomb`
          : firstLine(message)
      diagnostics.push({ file, ...pos, code, message: text })
    }
  })
  if (!Array.isArray(docs)) {
    // parseAllDocuments returns an EmptyStream for a file without documents.
    for (const error of (docs as { errors?: { pos: [number, number]; message: string }[] }).errors ?? []) {
      diagnostics.push({ file, ...at(error.pos[0]), code: 'yaml-syntax', message: firstLine(error.message) })
    }
  }
  return { documents, diagnostics, lineCounter }
}

const TOO_DEEP = `nested too deeply (more than ${MAX_NESTING} levels); refusing it`

/** A document nested deeper than `MAX_NESTING` in any form (block, flow, compact `- - -`). */
function tooDeep(doc: Document.Parsed): { pos: [number, number]; message: string }[] | undefined {
  const deep = nestingDepthBomb(doc)
  return deep === undefined ? undefined : [{ pos: [deep, deep + 1], message: TOO_DEEP }]
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message
  return line.replace(/ at line \d+, column \d+:?$/, '')
}
