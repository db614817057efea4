import { isRecord } from '../validate/access.js'

/** A compose `list_or_dict` already normalised to a mapping, as strings. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {}
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
  )
}
