/**
 * The subset of kubectl's JSONPath that CRD printer columns use: `.a.b`,
 * `[0]`, `[*]` and filters `[?(@.key=="value")]`. Returns every match, in
 * order; a missing field gives none.
 */
export function evalJsonPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root]
  const steps =
    /\.([A-Za-z0-9_-]+)|\[\?\(@\.([A-Za-z0-9_.-]+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([^)\]]*))\)\]|\[(\*|\d+)\]/g
  let consumed = 0
  for (const m of path.matchAll(steps)) {
    if (m.index !== consumed) return []
    consumed = m.index + m[0].length
    const [, field, filterKey, op, dq, sq, bare, index] = m
    const next: unknown[] = []
    for (const value of current) {
      if (field !== undefined) {
        if (isRecord(value) && value[field] !== undefined) next.push(value[field])
      } else if (filterKey !== undefined) {
        const wanted = dq ?? sq ?? bare?.trim() ?? ''
        for (const item of Array.isArray(value) ? value : []) {
          const got = stringOf(fieldOf(item, filterKey))
          if ((got === wanted) === (op === '==')) next.push(item)
        }
      } else if (Array.isArray(value)) {
        if (index === '*') next.push(...value)
        else if (value[Number(index)] !== undefined) next.push(value[Number(index)])
      }
    }
    current = next
  }
  return consumed === path.length ? current : []
}

/** A matched value as kubectl prints it in a column: scalars as text, objects as JSON, matches joined by commas. */
export function formatJsonPathValues(values: readonly unknown[]): string {
  return values.map(stringOf).join(',')
}

function fieldOf(value: unknown, dotted: string): unknown {
  let current = value
  for (const key of dotted.split('.')) current = isRecord(current) ? current[key] : undefined
  return current
}

function stringOf(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
