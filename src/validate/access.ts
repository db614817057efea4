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

/**
 * Each item of the array at `path` whose key repeats an earlier item's, with the index of the
 * first: `key` gives undefined for an item the schema reports instead (of the wrong shape).
 */
export function repeatsAt(
  doc: unknown,
  path: readonly (string | number)[],
  key: (item: unknown) => string | undefined,
): { index: number; first: number; key: string }[] {
  const seen = new Map<string, number>()
  const repeats: { index: number; first: number; key: string }[] = []
  arrayAt(doc, path).forEach((item, index) => {
    const k = key(item)
    if (k === undefined) return
    const first = seen.get(k)
    if (first === undefined) seen.set(k, index)
    else repeats.push({ index, first, key: k })
  })
  return repeats
}
