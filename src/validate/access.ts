/** Reading values out of a document that may not have passed the schema. */

/** Whether the value is a plain object (a YAML mapping). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value at `path`, or undefined when any step is missing or of the wrong shape. */
export function getIn(doc: unknown, path: readonly (string | number)[]): unknown {
  let node = doc
  for (const part of path) {
    if (typeof part === 'number' ? !Array.isArray(node) : !isRecord(node)) return undefined
    node = (node as Record<string | number, unknown>)[part]
  }
  return node
}

/** The array at `path`, or an empty one when it is absent or not an array. */
export function arrayAt(doc: unknown, path: readonly (string | number)[]): unknown[] {
  const value = getIn(doc, path)
  return Array.isArray(value) ? value : []
}
