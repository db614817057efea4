import { isDeepStrictEqual } from 'node:util'
import { isRecord } from '../validate/access.js'
import { type ComposePath, matchesPath } from './compose-path.js'

type Data = Record<string, unknown>

/**
 * Lists merged by a key, as Compose merges them: an override's item replaces the base's
 * item with the same key, new items are added. Ports by published port, target and
 * protocol; mounts by target; secrets and configs by source.
 */
const KEYED_LISTS: readonly (readonly [readonly string[], (item: Data) => string])[] = [
  [['services', '*', 'ports'], (p) => `${p.published ?? ''}:${p.target}/${p.protocol ?? 'tcp'}`],
  [['services', '*', 'volumes'], (v) => String(v.target)],
  [['services', '*', 'secrets'], (s) => String(s.source)],
  [['services', '*', 'configs'], (c) => String(c.source)],
]

/** Lists the override replaces whole: a command is one value, not a set of words. */
const REPLACED_LISTS: readonly (readonly string[])[] = [
  ['services', '*', 'command'],
  ['services', '*', 'entrypoint'],
  ['services', '*', 'healthcheck', 'test'],
]

/**
 * Merges normalised compose files in order, as `docker stack deploy -c a.yml -c b.yml` does:
 * mappings merge key by key (so `environment`, `labels` and `deploy` merge), a later scalar
 * wins, keyed lists merge by key, commands are replaced, other lists are joined without
 * repeats. `logging` with a different driver replaces the whole block.
 */
export function mergeCompose(files: readonly Data[]): Data {
  return files.reduce<Data>((base, next) => mergeValue(base, next, []) as Data, {})
}

function mergeValue(base: unknown, next: unknown, path: ComposePath): unknown {
  if (next === undefined) return base
  if (isRecord(base) && isRecord(next)) {
    if (
      matchesPath(['services', '*', 'logging'], path) &&
      next.driver !== undefined &&
      next.driver !== base.driver
    )
      return next
    const out: Data = { ...base }
    for (const [key, value] of Object.entries(next)) out[key] = mergeValue(base[key], value, [...path, key])
    return out
  }
  if (Array.isArray(base) && Array.isArray(next)) {
    if (REPLACED_LISTS.some((p) => matchesPath(p, path))) return next
    const keyed = KEYED_LISTS.find(([p]) => matchesPath(p, path))
    if (keyed) {
      const byKey = new Map<string, unknown>()
      for (const item of [...base, ...next]) byKey.set(keyed[1](item as Data), item)
      return [...byKey.values()]
    }
    const out = [...base]
    for (const item of next) if (!out.some((o) => isDeepStrictEqual(o, item))) out.push(item)
    return out
  }
  return next
}
