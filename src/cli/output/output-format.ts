import { CliError } from '../app.js'

/** What `get -o` asks for. */
export type OutputFormat =
  | { readonly type: 'table' | 'wide' | 'yaml' | 'json' | 'name' }
  | { readonly type: 'jsonpath'; readonly template: string }
  | { readonly type: 'custom-columns'; readonly spec: string }

const PLAIN = ['wide', 'yaml', 'json', 'name'] as const

/** Parses `-o`: `wide|yaml|json|name`, `jsonpath=TEMPLATE`, `custom-columns=SPEC`, as kubectl. */
export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return { type: 'table' }
  if ((PLAIN as readonly string[]).includes(value)) return { type: value as (typeof PLAIN)[number] }
  const eq = value.indexOf('=')
  const name = eq < 0 ? value : value.slice(0, eq)
  const arg = value.slice(eq + 1)
  if (eq > 0 && name === 'jsonpath' && arg !== '') return { type: 'jsonpath', template: arg }
  if (eq > 0 && name === 'custom-columns' && arg !== '') return { type: 'custom-columns', spec: arg }
  throw new CliError(
    `unknown output format "${value}"; use wide, yaml, json, name, jsonpath=TEMPLATE or custom-columns=HEADER:PATH,…`,
    2,
  )
}
