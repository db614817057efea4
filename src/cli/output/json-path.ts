/**
 * kubectl's JSONPath steps: `.a.b`, `['a.b']`, `[0]`, `[-1]`, `[*]`, `.*`,
 * slices `[1:3]`, recursive descent `..name`, and filters
 * `[?(@.key=="value")]` (`==`, `!=`). CRD printer columns use the first few.
 * Returns every match, in order; a missing field gives none; a path that
 * does not parse gives none (see `parseJsonPath` for the error).
 */
export function evalJsonPath(root: unknown, path: string): unknown[] {
  const steps = parseJsonPath(path)
  return typeof steps === 'string' ? [] : applySteps([root], steps)
}

/** One step of a parsed path. */
export type Step =
  | { readonly type: 'field'; readonly name: string; readonly recursive: boolean }
  | { readonly type: 'wildcard'; readonly recursive: boolean }
  | { readonly type: 'index'; readonly index: number }
  | { readonly type: 'slice'; readonly start: number | undefined; readonly end: number | undefined }
  | { readonly type: 'filter'; readonly key: string; readonly equal: boolean; readonly value: string }

const STEP =
  /(\.\.?)([A-Za-z0-9_-]+|\*)|\['([^']*)'\]|\["([^"]*)"\]|\[\?\(@\.([A-Za-z0-9_.-]+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([^)\]]*))\)\]|\[(\*|-?\d+)\]|\[(-?\d*):(-?\d*)\]/g

/** Parses a path (`.a[0].b`, optionally starting with `$` or `@`) into steps, or returns what is wrong. */
export function parseJsonPath(path: string): Step[] | string {
  const body = path.replace(/^[$@]/, '')
  const steps: Step[] = []
  let consumed = 0
  for (const m of body.matchAll(STEP)) {
    if (m.index !== consumed) break
    consumed = m.index + m[0].length
    const [, dots, name, sq, dq, filterKey, op, fdq, fsq, bare, index, from, to] = m
    if (name !== undefined) {
      const recursive = dots === '..'
      steps.push(name === '*' ? { type: 'wildcard', recursive } : { type: 'field', name, recursive })
    } else if (sq !== undefined || dq !== undefined)
      steps.push({ type: 'field', name: sq ?? dq ?? '', recursive: false })
    else if (filterKey !== undefined)
      steps.push({
        type: 'filter',
        key: filterKey,
        equal: op === '==',
        value: fdq ?? fsq ?? bare?.trim() ?? '',
      })
    else if (index === '*') steps.push({ type: 'wildcard', recursive: false })
    else if (index !== undefined) steps.push({ type: 'index', index: Number(index) })
    else
      steps.push({
        type: 'slice',
        start: from ? Number(from) : undefined,
        end: to ? Number(to) : undefined,
      })
  }
  if (consumed !== body.length) return `cannot parse "${body.slice(consumed)}" in "${path}"`
  return steps
}

/** Applies steps to each value, in order. */
export function applySteps(values: readonly unknown[], steps: readonly Step[]): unknown[] {
  let current = [...values]
  for (const step of steps) {
    const next: unknown[] = []
    for (const value of current) {
      switch (step.type) {
        case 'field':
          if (step.recursive)
            next.push(
              ...descendants(value).flatMap((v) =>
                isRecord(v) && v[step.name] !== undefined ? [v[step.name]] : [],
              ),
            )
          else if (isRecord(value) && value[step.name] !== undefined) next.push(value[step.name])
          break
        case 'wildcard':
          if (step.recursive) next.push(...descendants(value).slice(1))
          else if (Array.isArray(value)) next.push(...value)
          else if (isRecord(value)) next.push(...Object.values(value))
          break
        case 'index':
          if (Array.isArray(value)) {
            const item = value[step.index < 0 ? value.length + step.index : step.index]
            if (item !== undefined) next.push(item)
          }
          break
        case 'slice':
          if (Array.isArray(value)) next.push(...value.slice(step.start ?? 0, step.end ?? value.length))
          break
        case 'filter':
          for (const item of Array.isArray(value) ? value : []) {
            const got = stringOf(fieldOf(item, step.key))
            if ((got === step.value) === step.equal) next.push(item)
          }
          break
      }
    }
    current = next
  }
  return current
}

/** A value and everything below it, depth first. */
function descendants(value: unknown): unknown[] {
  const out: unknown[] = [value]
  if (Array.isArray(value)) for (const v of value) out.push(...descendants(v))
  else if (isRecord(value)) for (const v of Object.values(value)) out.push(...descendants(v))
  return out
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

/** A value as kubectl prints it: scalars as text, objects and arrays as JSON. */
export function stringOf(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
