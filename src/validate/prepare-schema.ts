/**
 * Turns a CRD's `openAPIV3Schema` into a JSON schema ajv validates the way kubeconform's
 * strict mode does: unknown fields are errors, and Kubernetes extensions become plain JSON
 * schema.
 */
import { isRecord } from './access.js'

type SchemaNode = Record<string, unknown>

/** Keywords whose value is one schema. */
const SINGLE = ['items', 'additionalProperties', 'not'] as const
/** Keywords whose value is a list of schemas. */
const LISTS = ['anyOf', 'allOf', 'oneOf'] as const

/**
 * Returns a rewritten deep copy of `schema`:
 * - `additionalProperties: false` on every object schema that lists `properties`, has no
 *   `additionalProperties` and no `x-kubernetes-preserve-unknown-fields`;
 * - `x-kubernetes-int-or-string: true` (without a type) gets `type: [number, string]`. Kubernetes
 *   says integer, but berth's int-or-string fields are all quantities, and a Kubernetes
 *   `Quantity` accepts any JSON number (`cpus: 0.5`); `quantity.ts` checks the value;
 * - `x-kubernetes-list-type: set` gets `uniqueItems: true`;
 * - `nullable: true` lets `null` through (ajv's own `nullable` needs a `type` beside it).
 * The extension keywords themselves stay, registered as annotations (see `ajv.ts`).
 */
export function prepareSchema(schema: unknown): unknown {
  if (!isRecord(schema)) return schema
  const out: SchemaNode = { ...schema }
  if (isRecord(out.properties)) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, prepareSchema(v)]))
    if (out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.additionalProperties = false
    }
  }
  for (const key of SINGLE) if (isRecord(out[key])) out[key] = prepareSchema(out[key])
  for (const key of LISTS) {
    const list = out[key]
    if (Array.isArray(list)) out[key] = list.map(prepareSchema)
  }
  if (out['x-kubernetes-int-or-string'] === true && out.type === undefined && out.anyOf === undefined) {
    out.type = ['number', 'string']
  }
  if (out['x-kubernetes-list-type'] === 'set') out.uniqueItems = true
  if (out.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null']
    delete out.nullable
  }
  return out
}
