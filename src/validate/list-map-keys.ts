/**
 * `x-kubernetes-list-map-keys`: the items of a `map` list must differ in their key fields.
 * Checked in plain code beside the schema (not as an ajv keyword), so the schema compiles
 * to standalone validators at build time; reports each repeat at the repeating item, in
 * ajv's error shape.
 */
import type { ErrorObject } from 'ajv'
import { isRecord } from './access.js'

/** Where a keyed list sits: property names from the document root, `null` for "every item". */
export interface ListMapSite {
  readonly path: readonly (string | null)[]
  readonly keys: readonly string[]
}

const KEYWORD = 'x-kubernetes-list-map-keys'

/** Every keyed list a schema declares, reached through `properties` and `items`. */
export function listMapSites(schema: unknown, path: (string | null)[] = []): ListMapSite[] {
  if (!isRecord(schema)) return []
  const sites: ListMapSite[] = []
  const keys = schema[KEYWORD]
  if (Array.isArray(keys)) sites.push({ path, keys: keys.map(String) })
  if (isRecord(schema.properties))
    for (const [name, sub] of Object.entries(schema.properties))
      sites.push(...listMapSites(sub, [...path, name]))
  if (isRecord(schema.items)) sites.push(...listMapSites(schema.items, [...path, null]))
  return sites
}

/** A deep copy of `schema` without the keyword, for ajv. */
export function withoutListMapKeys(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutListMapKeys)
  if (!isRecord(schema)) return schema
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k]) => k !== KEYWORD)
      .map(([k, v]) => [k, withoutListMapKeys(v)]),
  )
}

/** The repeats in `doc` at every site, as ajv errors. */
export function listMapKeyErrors(sites: readonly ListMapSite[], doc: unknown): ErrorObject[] {
  const errors: ErrorObject[] = []
  for (const site of sites) visit(doc, site, 0, '', errors)
  return errors
}

function visit(
  node: unknown,
  site: ListMapSite,
  depth: number,
  pointer: string,
  errors: ErrorObject[],
): void {
  if (depth === site.path.length) {
    if (Array.isArray(node)) errors.push(...repeats(node, site.keys, pointer))
    return
  }
  const step = site.path[depth]
  if (step === null) {
    if (Array.isArray(node))
      for (const [i, item] of node.entries()) visit(item, site, depth + 1, `${pointer}/${i}`, errors)
  } else if (step !== undefined && isRecord(node) && Object.hasOwn(node, step)) {
    visit(node[step], site, depth + 1, `${pointer}/${step.replace(/~/g, '~0').replace(/\//g, '~1')}`, errors)
  }
}

function repeats(items: readonly unknown[], keys: readonly string[], pointer: string): ErrorObject[] {
  const seen = new Map<string, number>()
  const errors: ErrorObject[] = []
  items.forEach((item, index) => {
    const values = keys.map((k) => (isRecord(item) ? item[k] : undefined))
    const id = JSON.stringify(values)
    const first = seen.get(id)
    if (first === undefined) seen.set(id, index)
    else
      errors.push({
        keyword: KEYWORD,
        instancePath: `${pointer}/${index}`,
        schemaPath: `#/${KEYWORD}`,
        params: { keys, values, first },
        data: item,
      })
  })
  return errors
}
