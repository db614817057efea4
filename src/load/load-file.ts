import type { Diagnostic } from '../model/diagnostic.js'
import type { AnyResource } from '../model/resource.js'
import { contentPathDiagnostics } from './content-path.js'
import { parseDocuments } from './parse-documents.js'
import type { SchemaValidator } from './to-resource.js'
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
 */
export function loadFile(path: string, text: string, validator: SchemaValidator): LoadedFile {
  const parsed = parseDocuments(path, text)
  const diagnostics: Diagnostic[] = [...parsed.diagnostics]
  const resources: AnyResource[] = []
  const warnings: Diagnostic[] = []
  const lineOf = (offset: number) => parsed.lineCounter.linePos(offset)
  for (const doc of parsed.documents) {
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
