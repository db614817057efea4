/** Plain-data helpers for the value an edit is meant to produce. */

/** A path of mapping keys from a document's root, e.g. `['spec', 'replicas']`. */
export type KeyPath = readonly string[]

/** The value at `path` in plain data, or undefined when any step is missing or not a mapping. */
export function getPath(data: unknown, path: KeyPath): unknown {
  let node = data
  for (const key of path) {
    if (!isRecord(node)) return undefined
    node = node[key]
  }
  return node
}

/**
 * A copy of `data` with `value` at `path`, creating mappings where a step is missing or null.
 * Throws when a step holds something other than a mapping.
 */
export function setPath(data: unknown, path: KeyPath, value: unknown): unknown {
  const [key, ...rest] = path
  if (key === undefined) return value
  if (data !== null && data !== undefined && !isRecord(data)) {
    throw new Error(`cannot set ${key}: its parent is not a mapping`)
  }
  const record = (data ?? {}) as Record<string, unknown>
  return { ...record, [key]: setPath(record[key], rest, value) }
}

/** What a value reads back as after being written as YAML: undefined properties dropped, in lists null. */
export function asYamlData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : asYamlData(v)))
  if (!isRecord(value)) return value
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  return Object.fromEntries(entries.map(([k, v]) => [k, asYamlData(v)]))
}

/** A plain mapping: an object that is neither null nor an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
