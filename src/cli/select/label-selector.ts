import { CliError } from '../app.js'

/** One requirement of a kubectl label selector. */
export type Requirement =
  | { readonly key: string; readonly op: 'exists' | '!exists' }
  | { readonly key: string; readonly op: '=' | '!='; readonly value: string }
  | { readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[] }

/** Requirements that must all hold. An empty selector matches everything. */
export type Selector = readonly Requirement[]

const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/

/**
 * Parses a selector as kubectl's `-l` takes it: equality-based (`zone=b`,
 * `zone==b`, `zone!=b`) and set-based (`zone in (a,b)`, `zone notin (a)`,
 * `zone`, `!zone`), joined by commas. A malformed selector is a usage error
 * that quotes the requirement at fault.
 */
export function parseSelector(text: string): Selector {
  return splitRequirements(text).map((part) => parseRequirement(part, text))
}

/** Whether labels satisfy every requirement (`!=` and `notin` also match a missing key, as in Kubernetes). */
export function matchesSelector(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  return selector.every((r) => holds(r, labels))
}

function holds(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key)
  const value = labels[r.key]
  switch (r.op) {
    case 'exists':
      return has
    case '!exists':
      return !has
    case '=':
      return has && value === r.value
    case '!=':
      return !has || value !== r.value
    case 'in':
      return has && r.values.includes(value as string)
    case 'notin':
      return !has || !r.values.includes(value as string)
  }
}

/** Splits at the commas that are not inside `( … )`. */
function splitRequirements(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  if (parts.length === 1 && parts[0]?.trim() === '') return []
  return parts.map((p) => p.trim())
}

function parseRequirement(part: string, whole: string): Requirement {
  const fail = (why: string): never => {
    throw new CliError(`invalid selector "${whole}": ${why} in "${part}"`, 2)
  }
  if (part === '') fail('an empty requirement')
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part)
  if (set) {
    const [, key = '', op, list = ''] = set
    const values = list.split(',').map((v) => v.trim())
    checkKey(key, fail)
    for (const v of values) if (!VALUE.test(v)) fail(`"${v}" is not a valid label value`)
    return { key, op: op as 'in' | 'notin', values }
  }
  const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part)
  if (eq) {
    const [, key = '', op, value = ''] = eq
    checkKey(key, fail)
    if (!VALUE.test(value)) fail(`"${value}" is not a valid label value`)
    return { key, op: op === '!=' ? '!=' : '=', value }
  }
  const bang = part.startsWith('!')
  const key = bang ? part.slice(1).trim() : part
  checkKey(key, fail)
  return { key, op: bang ? '!exists' : 'exists' }
}

function checkKey(key: string, fail: (why: string) => never) {
  if (!KEY.test(key) || key.length > 317)
    fail(`"${key}" is not a valid label key (expected [prefix/]name; operators are =, ==, !=, in, notin, !)`)
}
