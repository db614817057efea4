import { CliError } from '../app.js'
import type { TaskRow } from './task-ps.js'

const KEYS = ['desired-state', 'node', 'name', 'id'] as const

/**
 * Docker's `--filter key=value` for task lists: `desired-state`
 * (running|shutdown|accepted), `node`, `name` (prefix), `id` (prefix).
 * Several values of one key match any; different keys must all match.
 * A malformed filter is a usage error.
 */
export function filterTasks(rows: readonly TaskRow[], filters: readonly string[]): TaskRow[] {
  const wanted = new Map<string, string[]>()
  for (const f of filters) {
    const eq = f.indexOf('=')
    const key = eq > 0 ? f.slice(0, eq) : ''
    if (!(KEYS as readonly string[]).includes(key))
      throw new CliError(`invalid filter '${f}' (expected ${KEYS.map((k) => `${k}=…`).join(', ')})`, 2)
    wanted.set(key, [...(wanted.get(key) ?? []), f.slice(eq + 1)])
  }
  const test = (key: string, ok: (value: string) => boolean) => {
    const values = wanted.get(key)
    return !values || values.some(ok)
  }
  return rows.filter(
    ({ task }) =>
      test('desired-state', (v) =>
        v.toLowerCase() === task.desiredState || (v === 'accepted' && task.state === 'pending')) &&
      test('node', (v) => v === task.node) &&
      test('name', (v) => task.name.startsWith(v)) &&
      test('id', (v) => task.id.startsWith(v)),
  )
}
