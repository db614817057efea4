import { parseAllDocuments } from 'yaml'
import { readTree } from '../../io/read-tree.js'
import type { Kind } from '../../model/kinds.js'

/**
 * The names of one kind in a manifest directory, for completion: read and
 * parsed, not validated (a half-edited file still offers its names), sorted.
 * A missing directory offers nothing.
 */
export async function resourceNames(dir: string, kind: Kind): Promise<string[]> {
  const tree = await readTree(dir).catch(() => undefined)
  const names = new Set<string>()
  for (const file of tree?.files ?? []) {
    for (const doc of parseAllDocuments(file.text)) {
      if (doc.errors.length > 0 || doc.get('kind') !== kind) continue
      const name = doc.getIn(['metadata', 'name'])
      if (typeof name === 'string') names.add(name)
    }
  }
  return [...names].sort()
}
