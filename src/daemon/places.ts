import path from 'node:path'
import type { ResourceKey } from '../model/kinds.js'
import { splitKey } from '../model/kinds.js'
import type { SourceRef } from '../model/resource.js'
import type { Store } from '../store/store.js'

/**
 * Where the daemon's problem lines point, as its diagnostics do (`/dir/file.yaml:line:col`,
 * the path absolute): a line about a resource at its `metadata.name`, a line about a file at
 * its first resource, so an editor or a terminal can jump there.
 */
export interface Places {
  /** `/dir/file.yaml:8:3: ` to put before a line about `key`; nothing when no file holds it. */
  ofKey(key: ResourceKey): string
  /** `/dir/file.yaml:8:3` for a line about a file; its path alone when nothing in it loaded. */
  ofFile(file: string): string
}

export function createPlaces(
  dir: string,
  store: Pick<Store, 'get'>,
  tree: { firstSource(file: string): SourceRef | undefined },
): Places {
  const at = (file: string, source: SourceRef | undefined) =>
    `${path.join(dir, file)}${source ? `:${source.line}:${source.col}` : ''}`
  return {
    ofKey(key) {
      const { kind, name } = splitKey(key)
      const source = store.get(kind, name)?.source
      return source ? `${at(source.file, source)}: ` : ''
    },
    ofFile: (file) => at(file, tree.firstSource(file)),
  }
}
