import type { Diagnostic } from '../model/diagnostic.js'
import { resourceKey } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'

/**
 * A `kind/name` defined twice is reported at every definition and
 * applied nowhere.
 */
export function findDuplicates(resources: readonly AnyResource[]): {
  unique: AnyResource[]
  diagnostics: Diagnostic[]
} {
  const byKey = new Map<string, AnyResource[]>()
  for (const r of resources) {
    const key = resourceKey(r.kind, r.name)
    const list = byKey.get(key)
    if (list) list.push(r)
    else byKey.set(key, [r])
  }
  const unique: AnyResource[] = []
  const diagnostics: Diagnostic[] = []
  for (const [key, list] of byKey) {
    const [first] = list
    if (list.length === 1 && first) {
      unique.push(first)
      continue
    }
    for (const r of list) {
      const others = list
        .filter((o) => o !== r)
        .map((o) => `${o.source.file}:${o.source.line}:${o.source.col}`)
        .join(', ')
      diagnostics.push({
        file: r.source.file,
        line: r.source.line,
        col: r.source.col,
        code: 'duplicate',
        message: `duplicate ${key}: also defined at ${others}; neither is applied`,
      })
    }
  }
  return { unique, diagnostics }
}
