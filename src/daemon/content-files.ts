import { observeContent } from '../io/observe-content.js'
import { contentFileOf } from '../load/content-path.js'
import type { Store } from '../store/store.js'

/** The daemon's side of Secrets' and Configs' content files. */
export interface ContentFiles {
  /**
   * Whether a Secret or Config reads `file`; if so, the file is noted as changed, to be
   * looked at again by `reobserve`. Called for every changed file, manifests included.
   */
  changed(file: string): boolean
  /**
   * Looks again at the content files noted since the last call (or at all of them): a
   * changed digest is a change of that Secret or Config in the store, so it is reconciled.
   */
  reobserve(all: boolean): void
}

export function createContentFiles(store: Store, dir: string): ContentFiles {
  const noted = new Set<string>()
  const users = function* () {
    for (const kind of ['Secret', 'Config'] as const)
      for (const resource of store.list(kind)) {
        const file = contentFileOf(resource)
        if (file !== undefined) yield { resource, file }
      }
  }
  return {
    changed(file) {
      for (const user of users()) {
        if (user.file !== file) continue
        noted.add(file)
        return true
      }
      return false
    },
    reobserve(all) {
      if (!all && noted.size === 0) return
      for (const { resource, file } of [...users()])
        if (all || noted.has(file)) store.put(observeContent(resource, dir))
      noted.clear()
    },
  }
}
