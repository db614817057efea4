import type { Diagnostic } from '../model/diagnostic.js'
import type { Kind } from '../model/kinds.js'
import { API_VERSION, isKind, KINDS } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'
import { withSpecDefaults } from '../model/spec-defaults.js'
import { closestName } from '../validate/suggest.js'
import { ownStatus } from './own-status.js'
import { generationOf, specDigest } from './spec-digest.js'
import { readStatus } from './task-lines.js'

/** One document of a file as `toResource` needs it, from `yaml` or from the quick reader. */
export interface DocumentData {
  /** Index among the file's documents. */
  readonly index: number
  readonly value: unknown
  /** The offset a data path points at (`locatePath`'s answer). */
  locate(path: readonly (string | number)[]): number
}

/** The validator as the loader needs it: a narrow port over the CRD schemas. */
export interface SchemaValidator {
  /** Identifies the schemas (the CRDs' digest): what a cached validation result depends on. */
  readonly schemaDigest?: string
  validate(kind: Kind, value: unknown): readonly { path: readonly (string | number)[]; message: string }[]
}

/**
 * Turns one parsed document into a resource, or into diagnostics that point
 * at the offending line and column. A status berth could not have written
 * for this resource is set aside with a warning, never a reason to refuse.
 */
export function toResource(
  file: string,
  parsed: DocumentData,
  validator: SchemaValidator,
  lineOf: (offset: number) => { line: number; col: number },
): { resource: AnyResource; warnings: Diagnostic[] } | { diagnostics: Diagnostic[] } {
  const value = parsed.value
  const at = (path: (string | number)[]) => ({ file, ...lineOf(parsed.locate(path)) })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message = 'a manifest must be a mapping with apiVersion, kind, metadata and spec'
    return { diagnostics: [{ ...at([]), code: 'not-a-mapping', message }] }
  }
  const record = value as Record<string, unknown>
  if (record.apiVersion !== API_VERSION) {
    const message =
      record.apiVersion === undefined
        ? `apiVersion: missing (expected ${API_VERSION})`
        : `apiVersion: expected ${API_VERSION}, got ${JSON.stringify(record.apiVersion)}`
    return { diagnostics: [{ ...at(['apiVersion']), code: 'unknown-api-version', message }] }
  }
  if (!isKind(record.kind)) {
    const guess = typeof record.kind === 'string' ? closestName(record.kind, KINDS) : undefined
    const expected = 'expected Node, Plugin, Volume, Network, Service, Secret or Config'
    const message =
      record.kind === undefined
        ? `kind: missing (${expected})`
        : `kind: unknown kind ${JSON.stringify(record.kind)} (${guess ? `did you mean ${guess}? ` : ''}${expected})`
    return { diagnostics: [{ ...at(['kind']), code: 'unknown-kind', message }] }
  }
  const kind = record.kind
  const all = validator.validate(kind, value)
  const statusIssues = all.filter((issue) => issue.path[0] === 'status')
  const issues = all.filter((issue) => issue.path[0] !== 'status')
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
  const writtenSpec = (record.spec ?? {}) as AnyResource['writtenSpec']
  const warnings: Diagnostic[] = []
  const revalidate = (candidate: unknown) =>
    validator.validate(kind, { ...record, status: candidate }).filter((issue) => issue.path[0] === 'status')
  const own = ownStatus(kind, metadata.name, record.status, statusIssues, revalidate)
  if (own.foreign) {
    const keeping = own.kept ? `, keeping ${own.kept}` : ''
    const message = `status is not one berth wrote for ${kind}/${metadata.name} (${own.foreign}); berth replaces it${keeping}`
    warnings.push({ ...at(['status']), code: 'foreign-status', message })
  }
  const status = readStatus(kind, own.status) as AnyResource['status']
  // The digest is the written spec's, so a default added to a CRD changes no generation.
  const digest = specDigest(writtenSpec)
  const namePos = at(['metadata', 'name'])
  const resource = {
    kind,
    name: metadata.name,
    labels: metadata.labels ?? {},
    spec: withSpecDefaults(kind, writtenSpec),
    writtenSpec,
    status,
    generation: generationOf(digest, status),
    specDigest: digest,
    source: { file, doc: parsed.index, line: namePos.line, col: namePos.col },
  } as AnyResource
  return { resource, warnings }
}
