import { CliError } from '../app.js'

/** A docker `--filter` key for one table: how a value of it tests a row. */
export interface FilterKey<T> {
  readonly key: string
  readonly test: (row: T, value: string) => boolean
}

/**
 * Docker's `--filter key=value`, repeatable: several values of one key match
 * any of them; different keys must all match. A key the table does not know,
 * or a filter without `=`, is a usage error naming the keys it knows.
 */
export function dockerFilter<T>(
  rows: readonly T[],
  filters: readonly string[],
  keys: readonly FilterKey<T>[],
): T[] {
  const wanted = new Map<FilterKey<T>, string[]>()
  for (const f of filters) {
    const eq = f.indexOf('=')
    const key = keys.find((k) => k.key === f.slice(0, eq))
    if (eq <= 0 || !key)
      throw new CliError(
        `invalid filter '${f}' (this table takes ${keys.map((k) => `${k.key}=…`).join(', ')})`,
        2,
      )
    wanted.set(key, [...(wanted.get(key) ?? []), f.slice(eq + 1)])
  }
  return rows.filter((row) => [...wanted].every(([key, values]) => values.some((v) => key.test(row, v))))
}

/** Docker's `label` filter: `label=key` (present) or `label=key=value`. */
export function labelFilter(labels: Readonly<Record<string, string>>, value: string): boolean {
  const eq = value.indexOf('=')
  if (eq < 0) return Object.hasOwn(labels, value)
  return labels[value.slice(0, eq)] === value.slice(eq + 1)
}

/** A boolean filter value as Docker takes it (`true`/`1`, `false`/`0`); anything else is a usage error. */
export function booleanFilter(key: string, value: string): boolean {
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new CliError(`invalid filter '${key}=${value}': expected true or false`, 2)
}
