/** Turns ajv's errors into issues with document paths and messages people understand. */
import type { ErrorObject } from 'ajv'
import { quantityMessage } from '../model/quantity.js'
import { isRecord } from './access.js'
import { formatPath, type IssuePath, issueAt, type SchemaIssue } from './issue.js'
import { closestName } from './suggest.js'

/** The document path of a JSON pointer, with array indices as numbers. */
function pathOf(pointer: string, doc: unknown): IssuePath {
  const path: IssuePath = []
  let node = doc
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    const part = Array.isArray(node) ? Number(key) : key
    path.push(part)
    node =
      isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[part] : undefined
  }
  return path
}

const show = (value: unknown): string => JSON.stringify(value) ?? String(value)

/** What one ajv error says, at which path. */
function describe(error: ErrorObject, doc: unknown): { path: IssuePath; text: string } {
  const path = pathOf(error.instancePath, doc)
  const params = error.params as Record<string, unknown>
  const schema = isRecord(error.parentSchema) ? error.parentSchema : {}
  const last = path[path.length - 1]
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty)
      const known = isRecord(schema.properties) ? Object.keys(schema.properties) : []
      const guess = closestName(name, known)
      return {
        path: [...path, name],
        text: `unknown field ${show(name)}${guess ? ` (did you mean ${show(guess)}?)` : ''}`,
      }
    }
    case 'required':
      return { path, text: `missing required field ${show(params.missingProperty)}` }
    case 'type':
      return { path, text: `must be ${String(params.type).split(',').join(' or ')}` }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String)
      return {
        path,
        text: allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(', ')}`,
      }
    }
    case 'pattern':
      if (schema['x-kubernetes-int-or-string'] === true) {
        return { path, text: quantityMessage(last === 'cpus' ? 'cpus' : 'memory', error.data) }
      }
      if (last === 'name' && path[0] === 'metadata') {
        const rule =
          'letters, digits, "_", "." and "-", starting with a letter or digit, at most 64 characters'
        return { path, text: `invalid name ${show(error.data)} (${rule})` }
      }
      return { path, text: `${show(error.data)} does not match ${String(params.pattern)}` }
    case 'format':
      return { path, text: `${show(error.data)} is not a valid ${String(params.format)}` }
    case 'minimum':
      return { path, text: `must be ${String(params.limit)} or more` }
    case 'maximum':
      return { path, text: `must be ${String(params.limit)} or less` }
    case 'minLength':
      return {
        path,
        text: params.limit === 1 ? 'must not be empty' : `must have at least ${params.limit} characters`,
      }
    case 'uniqueItems': {
      const [first, again] = [Number(params.i), Number(params.j)].sort((a, b) => a - b) as [number, number]
      const value = Array.isArray(error.data) ? error.data[again] : undefined
      return {
        path: [...path, again],
        text: `duplicate ${show(value)} (repeats ${formatPath([...path, first])})`,
      }
    }
    case 'x-kubernetes-list-map-keys': {
      const keys = (params.keys as string[]).map((k, i) => `${k} ${show((params.values as unknown[])[i])}`)
      const first = formatPath([...path.slice(0, -1), Number(params.first)])
      return { path, text: `duplicate ${keys.join(', ')} (repeats ${first})` }
    }
    default:
      return { path, text: error.message ?? `fails ${error.keyword}` }
  }
}

/**
 * Converts ajv's errors for `doc`. Where a value has the wrong type, the other complaints
 * about the same value (enum, pattern) are dropped: they only repeat the problem.
 */
export function issuesFromAjv(errors: readonly ErrorObject[], doc: unknown): SchemaIssue[] {
  const described = errors.map((error) => ({ keyword: error.keyword, ...describe(error, doc) }))
  const wrongType = new Set(described.filter((d) => d.keyword === 'type').map((d) => JSON.stringify(d.path)))
  return described
    .filter((d) => d.keyword === 'type' || !wrongType.has(JSON.stringify(d.path)))
    .map((d) => issueAt(d.path, d.text))
}
