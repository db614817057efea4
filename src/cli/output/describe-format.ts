import type { Condition } from '../../model/status.js'
import { renderTable } from '../table.js'

/** A `Label:  value` line of a describe block; `value` of several lines is indented under it. */
export type Field = readonly [label: string, value: string]

/** kubectl's placeholder for an empty value. */
export const NONE = '<none>'

/**
 * `Label:  value` lines with values aligned, as `kubectl describe` prints
 * them, indented by `indent` spaces. Values that span several lines carry
 * on aligned under the first.
 */
export function fieldLines(fields: readonly Field[], indent = 0): string {
  if (fields.length === 0) return ''
  const width = Math.max(...fields.map(([label]) => label.length + 1)) + 2
  const pad = ' '.repeat(indent)
  return fields
    .map(([label, value]) => {
      const [first = '', ...rest] = (value === '' ? NONE : value).split('\n')
      const head = `${pad}${`${label}:`.padEnd(width)}${first}`.trimEnd()
      return [head, ...rest.map((line) => `${pad}${' '.repeat(width)}${line}`.trimEnd())].join('\n')
    })
    .join('\n')
    .concat('\n')
}

/** A titled block: `Title:` then its lines indented by two spaces, or `Title:  <none>` when empty. */
export function section(title: string, body: string): string {
  if (body.trim() === '') return `${title}:  ${NONE}\n`
  const indented = body
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n')
  return `${title}:\n${indented}\n`
}

/** A kubectl-style table under a section: headers, a `----` rule, rows. */
export function ruledTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const rule = headers.map((h) => '-'.repeat(h.length))
  return renderTable(headers, [rule, ...rows])
}

/** The Conditions block: Type, Status, Reason, Message, Last Transition. */
export function conditionsSection(conditions: readonly Condition[] | undefined): string {
  const rows = (conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime])
  return section(
    'Conditions',
    rows.length === 0 ? '' : ruledTable(['Type', 'Status', 'Reason', 'Message', 'Last Transition'], rows),
  )
}

/** `a, b, c`, or `<none>`. */
export function joinOrNone(values: readonly string[] | undefined): string {
  return values && values.length > 0 ? values.join(', ') : NONE
}

/** `k=v` per line, or `<none>`, as kubectl prints labels. */
export function labelLines(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return entries.length === 0 ? NONE : entries.map(([k, v]) => `${k}=${v}`).join('\n')
}
