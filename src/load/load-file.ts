import type { Diagnostic } from '../model/diagnostic.js'
import type { AnyResource } from '../model/resource.js'
import { contentPathDiagnostics } from './content-path.js'
import { lineOf } from './line-of.js'
import { locatePath } from './locate.js'
import { parseDocuments } from './parse-documents.js'
import { flowNestingBomb } from './parse-limits.js'
import { personTooLarge } from './person-bytes.js'
import { quickDocuments } from './quick-yaml.js'
import type { DocumentData, SchemaValidator } from './to-resource.js'
import { toResource } from './to-resource.js'

/** One file as loaded: its exact text, its resources, and what is wrong with it. */
export interface LoadedFile {
  readonly path: string
  readonly text: string
  /** Empty when the file has diagnostics: a file applies whole or not at all. */
  readonly resources: readonly AnyResource[]
  readonly diagnostics: readonly Diagnostic[]
  /** Problems berth fixes itself (a status it did not write); they never stop the file loading. */
  readonly warnings: readonly Diagnostic[]
  /**
   * Known to hold its statuses in today's layout (set by the parse cache), so a run that
   * changes no status need not check the layout again.
   */
  readonly statusLayoutCurrent?: boolean
}

/**
 * Parses and validates one file's text. A file with any error contributes no
 * resources, so a half-saved edit never applies half a file.
 *
 * The quick reader (`quick-yaml.ts`) reads the plain YAML most manifests are written in, and
 * its result is taken when the file loads cleanly (no diagnostic, no warning). Anything else —
 * a form it leaves to `yaml`, or a file with a problem to report — is parsed by `yaml`, so every
 * diagnostic comes from one parser, with its positions and messages.
 */
export function loadFile(path: string, text: string, validator: SchemaValidator): LoadedFile {
  return quickLoad(path, text, validator) ?? fullLoad(path, text, validator)
}

function quickLoad(path: string, text: string, validator: SchemaValidator): LoadedFile | undefined {
  // What parseDocuments refuses before parsing is refused by it, with its diagnostic.
  if (personTooLarge(text) || flowNestingBomb(text)) return undefined
  const documents = quickDocuments(text)
  if (!documents) return undefined
  const loaded = loadDocuments(path, text, documents, lineOf(text), validator)
  return loaded.diagnostics.length === 0 && loaded.warnings.length === 0 ? loaded : undefined
}

function fullLoad(path: string, text: string, validator: SchemaValidator): LoadedFile {
  const parsed = parseDocuments(path, text)
  const documents = parsed.documents.map(
    (d): DocumentData => ({ index: d.index, value: d.value, locate: (p) => locatePath(d.doc, p) }),
  )
  const loaded = loadDocuments(path, text, documents, parsed.lineCounter.linePos, validator)
  if (parsed.diagnostics.length === 0) return loaded
  return {
    ...loaded,
    resources: [],
    diagnostics: [...parsed.diagnostics, ...loaded.diagnostics],
    warnings: [],
  }
}

function loadDocuments(
  path: string,
  text: string,
  documents: readonly DocumentData[],
  lineOf: (offset: number) => { line: number; col: number },
  validator: SchemaValidator,
): LoadedFile {
  const diagnostics: Diagnostic[] = []
  const resources: AnyResource[] = []
  const warnings: Diagnostic[] = []
  for (const doc of documents) {
    const result = toResource(path, doc, validator, lineOf)
    if ('resource' in result) {
      resources.push(result.resource)
      warnings.push(...result.warnings)
      diagnostics.push(...contentPathDiagnostics(path, result.resource, doc, lineOf))
    } else diagnostics.push(...result.diagnostics)
  }
  const failed = diagnostics.length > 0
  return { path, text, resources: failed ? [] : resources, diagnostics, warnings: failed ? [] : warnings }
}
