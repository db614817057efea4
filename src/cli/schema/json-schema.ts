import type { Kind } from '../../model/kinds.js'
import { API_VERSION, KINDS } from '../../model/kinds.js'
import { prepareSchema } from '../../validate/prepare-schema.js'

const DRAFT = 'http://json-schema.org/draft-07/schema#'

/** The file a kind's schema is written to by `berth schema --out`. */
export function schemaFileName(kind: Kind | 'all'): string {
  return kind === 'all' ? 'berth.schema.json' : `${kind.toLowerCase()}.schema.json`
}

/**
 * One kind's JSON Schema (draft-07) for editors, from its CRD's
 * `openAPIV3Schema`: the same rules berth validates with (unknown fields are
 * errors), without the Kubernetes extension keywords editors do not know.
 */
export function kindJsonSchema(kind: Kind, crdSchema: unknown): Record<string, unknown> {
  return {
    $schema: DRAFT,
    title: `berth ${kind} (${API_VERSION})`,
    ...(withoutExtensions(prepareSchema(crdSchema)) as Record<string, unknown>),
  }
}

/**
 * One schema for any berth manifest: the `kind` picks the kind's schema
 * (draft-07 `if`/`then`), so one `yaml.schemas` entry covers a whole folder
 * of mixed, multi-document files.
 */
export function combinedJsonSchema(crdSchemas: ReadonlyMap<Kind, unknown>): Record<string, unknown> {
  const definitions = Object.fromEntries(
    KINDS.map((kind) => {
      const { $schema: _, ...schema } = kindJsonSchema(kind, crdSchemas.get(kind))
      return [kind, schema]
    }),
  )
  return {
    $schema: DRAFT,
    title: `berth manifest (${API_VERSION}): ${KINDS.join(', ')}`,
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: { const: API_VERSION, description: `Always ${API_VERSION}.` },
      kind: { enum: [...KINDS], description: 'What the document describes.' },
    },
    allOf: KINDS.map((kind) => ({
      if: { properties: { kind: { const: kind } }, required: ['kind'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's own keyword
      then: { $ref: `#/definitions/${kind}` },
    })),
    definitions,
  }
}

/** A deep copy without `x-kubernetes-*` keywords. */
function withoutExtensions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutExtensions)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.startsWith('x-kubernetes-'))
      .map(([k, v]) => [k, withoutExtensions(v)]),
  )
}
