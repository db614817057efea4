import { type ComposePath, showPath } from './compose-path.js'

/** Where a variable's value comes from: the environment, then `.env`. Undefined when unset. */
export type Lookup = (name: string) => string | undefined

export type Substitution = { readonly value: string } | { readonly error: string }

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/

/**
 * Substitutes variables in one string as Compose does: `$VAR`, `${VAR}`, `${VAR:-default}`
 * (unset or empty), `${VAR-default}` (unset), `${VAR:?message}` / `${VAR?message}` (an error
 * when unset or empty / unset), `${VAR:+other}` / `${VAR+other}`, and `$$` for a literal `$`.
 * Defaults and messages may themselves hold variables.
 */
export function substitute(text: string, lookup: Lookup): Substitution {
  let out = ''
  let i = 0
  while (i < text.length) {
    const dollar = text.indexOf('$', i)
    if (dollar === -1) {
      out += text.slice(i)
      break
    }
    out += text.slice(i, dollar)
    const next = text[dollar + 1]
    if (next === '$') {
      out += '$'
      i = dollar + 2
      continue
    }
    if (next === '{') {
      const end = closingBrace(text, dollar + 2)
      if (end === -1) return invalid(text)
      const braced = expand(text.slice(dollar + 2, end), lookup, text)
      if ('error' in braced) return braced
      out += braced.value
      i = end + 1
      continue
    }
    const name = NAME.exec(text.slice(dollar + 1))?.[0]
    if (!name) return invalid(text)
    out += lookup(name) ?? ''
    i = dollar + 1 + name.length
  }
  return { value: out }
}

/** The index of the `}` that closes a `${` whose body starts at `from`, counting nested `${…}`. */
function closingBrace(text: string, from: number): number {
  let depth = 1
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++
      i++
    } else if (text[i] === '}' && --depth === 0) return i
  }
  return -1
}

/** One `${…}` body: a name, then optionally an operator and its argument. */
function expand(body: string, lookup: Lookup, whole: string): Substitution {
  const name = NAME.exec(body)?.[0]
  if (!name) return invalid(whole)
  const rest = body.slice(name.length)
  const value = lookup(name)
  if (rest === '') return { value: value ?? '' }
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0]
  if (!op) return invalid(whole)
  const arg = () => substitute(rest.slice(op.length), lookup)
  const unset = value === undefined
  const empty = unset || value === ''
  switch (op) {
    case ':-':
      return empty ? arg() : { value }
    case '-':
      return unset ? arg() : { value }
    case ':+':
      return empty ? { value: '' } : arg()
    case '+':
      return unset ? { value: '' } : arg()
    default: {
      if (op === ':?' ? !empty : !unset) return { value: value as string }
      const message = arg()
      if ('error' in message) return message
      return {
        error: `required variable ${name} is missing a value${message.value ? `: ${message.value}` : ''}`,
      }
    }
  }
}

function invalid(text: string): Substitution {
  return {
    error: `invalid interpolation format ${JSON.stringify(text)}; you may need to escape any $ with another $`,
  }
}

export interface InterpolationError {
  readonly path: ComposePath
  readonly message: string
}

/**
 * Substitutes variables in every string value of a compose file (keys are left alone, as
 * Compose leaves them). `cast` turns a substituted string into the type its place expects
 * (`replicas: ${N}` is a number). Errors name the path.
 */
export function interpolateTree(
  value: unknown,
  lookup: Lookup,
  cast: (path: ComposePath, value: string) => unknown,
  errors: InterpolationError[],
  path: ComposePath = [],
): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$')) return value
    const result = substitute(value, lookup)
    if ('error' in result) {
      errors.push({ path, message: `${showPath(path)}: ${result.error}` })
      return value
    }
    return cast(path, result.value)
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, lookup, cast, errors, [...path, i]))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value))
      out[k] = interpolateTree(v, lookup, cast, errors, [...path, k])
    return out
  }
  return value
}
