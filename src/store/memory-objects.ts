import type { ResourceKey } from '../model/kinds.js'
import { resourceKey } from '../model/kinds.js'
import type { ObjectStore, StoredObject, StoreEvent, WriteResult } from './contract.js'

/**
 * The embedded backend of the store contract: objects in a `Map`, one
 * revision counter for the whole store (as etcd has), watches as listeners.
 * What one daemon over one directory needs; the same contract tests as etcd.
 */
export function createMemoryObjects(): ObjectStore {
  const objects = new Map<ResourceKey, StoredObject>()
  const history: StoreEvent[] = []
  const listeners = new Set<(event: StoreEvent) => void>()
  let revision = 0

  const emit = (event: StoreEvent) => {
    history.push(event)
    for (const listener of listeners) listener(event)
  }
  const conflict = (key: ResourceKey): WriteResult => ({
    ok: false,
    reason: 'conflict',
    current: objects.get(key),
  })

  return {
    list: async () => ({ objects: [...objects.values()], revision }),
    get: async (key) => objects.get(key),
    async put(resource, expected) {
      const key = resourceKey(resource.kind, resource.name)
      if ((objects.get(key)?.revision ?? 0) !== expected) return conflict(key)
      const object: StoredObject = { key, resource, revision: ++revision }
      objects.set(key, object)
      emit({ type: 'put', object })
      return { ok: true, revision }
    },
    async remove(key, expected) {
      const current = objects.get(key)
      if (!current || current.revision !== expected) return conflict(key)
      objects.delete(key)
      emit({ type: 'delete', key, revision: ++revision })
      return { ok: true, revision }
    },
    async watch(after, listener) {
      // Replay what happened after `after` first, as an etcd watch from a revision does.
      for (const event of history) if (eventRevision(event) > after) listener(event)
      listeners.add(listener)
      return async () => {
        listeners.delete(listener)
      }
    },
    async close() {
      listeners.clear()
    },
  }
}

const eventRevision = (event: StoreEvent) => (event.type === 'put' ? event.object.revision : event.revision)
