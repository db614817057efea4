import { carryOver } from '../daemon/tree-state.js'
import type { ResourceKey } from '../model/kinds.js'
import { KINDS, resourceKey } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'
import type { Store } from '../store/store.js'

/**
 * The leader's sync of desired state: the directory (or git checkout) is
 * where people write, the store is what the controllers share. Each resource
 * of the directory goes in with the status and generation the store already
 * holds (berth owns status; the generation moves on when the spec changed);
 * what the directory no longer defines is removed. Returns what changed.
 */
export function syncDesired(
  resources: readonly AnyResource[],
  store: Store,
): { readonly put: number; readonly removed: number } {
  const wanted = new Set<ResourceKey>()
  let put = 0
  let removed = 0
  for (const r of resources) {
    wanted.add(resourceKey(r.kind, r.name))
    if (store.put(carryOver(r, store.get(r.kind, r.name) as AnyResource | undefined))) put++
  }
  for (const kind of KINDS)
    for (const r of store.list(kind))
      if (!wanted.has(resourceKey(kind, r.name)) && store.remove(kind, r.name)) removed++
  return { put, removed }
}
