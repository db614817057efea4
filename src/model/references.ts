import type { FileReference, ServiceSpec } from './spec.js'

/** The two kinds a service takes files from, and the spec field that names them. */
export const CONTENT_FIELDS = [
  { kind: 'Secret', field: 'secrets' },
  { kind: 'Config', field: 'configs' },
] as const

export type ContentKind = (typeof CONTENT_FIELDS)[number]['kind']

/** A reference in its long form: the short syntax `db-password` is `{source: db-password}`. */
export function longReference(ref: FileReference): { source: string; target?: string } {
  return typeof ref === 'string' ? { source: ref } : ref
}

/** The names of the Secrets or Configs a service uses, sorted, each once. */
export function referencedNames(spec: ServiceSpec, kind: ContentKind): string[] {
  const refs = (kind === 'Secret' ? spec.secrets : spec.configs) ?? []
  return [...new Set(refs.map((r) => longReference(r).source))].sort()
}
