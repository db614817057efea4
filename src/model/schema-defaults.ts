/**
 * Filling in a structural schema's `default`s, as the Kubernetes API server does before
 * anything reads an object: where a field is absent and its schema has a `default`, the
 * default is set, and the defaults of the fields inside it apply too (so `default: {}` on
 * an object brings its fields' defaults). Only objects that exist get defaults.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A copy of `value` with the schema's defaults filled in where a field is absent. The input
 * is not changed, and a part of it no default reaches is shared, not copied. `schema` is a
 * CRD schema or one pruned to the paths that hold defaults (see `defaultsOnly`).
 */
export function withSchemaDefaults(schema: unknown, value: unknown): unknown {
  if (!isRecord(schema)) return value
  if (Array.isArray(value)) return value.map((item) => withSchemaDefaults(schema.items, item))
  if (!isRecord(value) || !isRecord(schema.properties)) return value
  const out: Record<string, unknown> = { ...value }
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!isRecord(property)) continue
    const given =
      out[key] !== undefined
        ? out[key]
        : 'default' in property
          ? structuredClone(property.default)
          : undefined
    if (given !== undefined) out[key] = withSchemaDefaults(property, given)
  }
  return out
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
