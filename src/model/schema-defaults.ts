/**
 * Filling in a structural schema's `default`s, as the Kubernetes API server does before
 * anything reads an object: where a field is absent and its schema has a `default`, the
 * default is set, and the defaults of the fields inside it apply too (so `default: {}` on
 * an object brings its fields' defaults). Only objects that exist get defaults.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Fills a value's defaults: a copy where one applies, the value itself where none can. */
export type ApplyDefaults = (value: unknown) => unknown

const asIs: ApplyDefaults = (value) => value

/** Makes a fresh copy of a default each time, so no two objects share one (`{}` is the common case: cheap). */
function maker(value: unknown): () => unknown {
  if (value === null || typeof value !== 'object') return () => value
  if (isRecord(value) && Object.keys(value).length === 0) return () => ({})
  return () => structuredClone(value)
}

/**
 * Compiles `schema` (a CRD schema, or one pruned by `defaultsOnly`) into a function that
 * returns a copy of its input with the defaults filled in where a field is absent. The
 * input is never changed, and a part of it no default reaches is shared, not copied. The
 * schema is walked once here, not on every call: the loader runs this per document.
 */
export function compileDefaults(schema: unknown): ApplyDefaults {
  const pruned = defaultsOnly(schema)
  return pruned ? compile(pruned) : asIs
}

function compile(schema: DefaultsSchema): ApplyDefaults {
  const items = schema.items ? compile(schema.items) : undefined
  const fields = Object.entries(schema.properties ?? {}).map(([key, property]) => ({
    key,
    make: 'default' in property ? maker(property.default) : undefined,
    inner: property.properties || property.items ? compile(property) : undefined,
  }))
  return (value) => {
    if (Array.isArray(value)) return items ? value.map(items) : value
    if (!isRecord(value) || fields.length === 0) return value
    const out: Record<string, unknown> = { ...value }
    for (const { key, make, inner } of fields) {
      const given = out[key] !== undefined ? out[key] : make?.()
      if (given !== undefined) out[key] = inner ? inner(given) : given
    }
    return out
  }
}

/** The part of a schema that holds defaults: only `default`, `properties` and `items`, only where a default is below. */
export interface DefaultsSchema {
  readonly default?: unknown
  readonly properties?: Readonly<Record<string, DefaultsSchema>>
  readonly items?: DefaultsSchema
}

/** `schema` pruned to the paths that lead to a `default`; undefined when it has none. */
export function defaultsOnly(schema: unknown): DefaultsSchema | undefined {
  if (!isRecord(schema)) return undefined
  const properties: Record<string, DefaultsSchema> = {}
  if (isRecord(schema.properties))
    for (const [key, property] of Object.entries(schema.properties)) {
      const pruned = defaultsOnly(property)
      if (pruned) properties[key] = pruned
    }
  const items = defaultsOnly(schema.items)
  const out = {
    ...('default' in schema ? { default: schema.default } : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(items ? { items } : {}),
  }
  return Object.keys(out).length > 0 ? out : undefined
}
