import { isRecord } from '../../validate/access.js'

/**
 * A copy of `value` with the structural schema's `default`s filled in where
 * a field is absent, as the Kubernetes API server does before kubectl reads
 * an object: so `get` shows `replicated` for a service that never said so.
 * The input is not changed.
 */
export function withSchemaDefaults(schema: unknown, value: unknown): unknown {
  if (!isRecord(schema)) return value
  if (Array.isArray(value)) return value.map((item) => withSchemaDefaults(schema.items, item))
  if (!isRecord(value) || !isRecord(schema.properties)) return value
  const out: Record<string, unknown> = { ...value }
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!isRecord(property)) continue
    if (out[key] === undefined && 'default' in property) out[key] = structuredClone(property.default)
    else if (out[key] !== undefined) out[key] = withSchemaDefaults(property, out[key])
  }
  return out
}
