import type { Diagnostic } from '../model/diagnostic.js'
import type { Kind } from '../model/kinds.js'
import { API_VERSION, isKind } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'
import { locatePath } from './locate.js'
import type { ParsedDocument } from './parse-documents.js'
import { generationOf, specDigest } from './spec-digest.js'

/** The validator as the loader needs it: a narrow port over the CRD schemas. */
export interface SchemaValidator {
  validate(kind: Kind, value: unknown): readonly { path: readonly (string | number)[]; message: string }[]
}

/**
 * Turns one parsed document into a resource, or into diagnostics that point
 * at the offending line and column.
 */
export function toResource(
  file: string,
  parsed: ParsedDocument,
  validator: SchemaValidator,
  lineOf: (offset: number) => { line: number; col: number },
): { resource: AnyResource } | { diagnostics: Diagnostic[] } {
  const value = parsed.value
  const at = (path: (string | number)[]) => ({ file, ...lineOf(locatePath(parsed.doc, path)) })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message = 'a manifest must be a mapping with apiVersion, kind, metadata and spec'
    return { diagnostics: [{ ...at([]), code: 'not-a-mapping', message }] }
  }
  const record = value as Record<string, unknown>
  if (record.apiVersion !== API_VERSION) {
    const message = `apiVersion: expected ${API_VERSION}, got ${JSON.stringify(record.apiVersion ?? null)}`
    return { diagnostics: [{ ...at(['apiVersion']), code: 'unknown-api-version', message }] }
  }
  if (!isKind(record.kind)) {
    const message = `kind: unknown kind ${JSON.stringify(record.kind ?? null)} (expected Node, Plugin, Volume, Network, Service, Secret or Config)`
    return { diagnostics: [{ ...at(['kind']), code: 'unknown-kind', message }] }
  }
  const kind = record.kind
  const issues = validator.validate(kind, value)
  if (issues.length > 0) {
    return {
      diagnostics: issues.map((issue) => ({
        ...at([...issue.path]),
        code: 'schema',
        message: issue.message,
      })),
    }
  }
  const metadata = record.metadata as { name: string; labels?: Record<string, string> }
  const spec = (record.spec ?? {}) as AnyResource['spec']
  const status = (record.status ?? undefined) as AnyResource['status']
  const digest = specDigest(spec)
  const namePos = at(['metadata', 'name'])
  const resource = {
    kind,
    name: metadata.name,
    labels: metadata.labels ?? {},
    spec,
    status,
    generation: generationOf(digest, status),
    specDigest: digest,
    source: { file, doc: parsed.index, line: namePos.line, col: namePos.col },
  } as AnyResource
  return { resource }
}
