import type { ResourceKey } from '../model/kinds.js'
import { splitKey } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'
import type { ObjectStore, StoreEvent } from './contract.js'
import type { Store } from './store.js'
import { createStore } from './store.js'

/**
 * A local copy of a durable store, the shape of Kubernetes' informer: the
 * controllers read `store` (synchronous, frozen objects), which a watch keeps
 * current. In `write` mode every local change goes back out as a
 * compare-and-swap on the revision last seen for that key.
 */
export interface Mirror {
  readonly store: Store
  /** Resolves once every local change so far has been written (or refused). */
  flush(): Promise<void>
  /** Writes refused because the object moved on: the remote version was taken instead. */
  conflicts(): number
  close(): Promise<void>
}

export interface MirrorOptions {
  /** `write`: local changes go to the durable store; `read`: the mirror only follows it. */
  readonly mode: 'read' | 'write'
  /** A write was refused because this writer's fence (a leader's lease) no longer holds. */
  readonly onFenced?: (key: ResourceKey) => void
  /** Remote changes landed in the local store (keys, once per watch batch). */
  readonly onRemote?: (keys: readonly ResourceKey[]) => void
  /** A write failed for another reason (store unreachable): it is retried after a second. */
  readonly onError?: (key: ResourceKey, error: Error) => void
  /** The watch broke for good: this mirror no longer follows the store; open a new one. */
  readonly onBroken?: (error: Error) => void
  /** Writes in flight at once. */
  readonly concurrency?: number
}

export async function openMirror(objects: ObjectStore, options: MirrorOptions): Promise<Mirror> {
  const store = createStore()
  const known = new Map<ResourceKey, number>()
  const listing = await objects.list()
  for (const o of listing.objects) {
    store.put(o.resource)
    known.set(o.key, o.revision)
  }

  // Writes: one in flight per key (the next one needs the revision the last one made).
  const dirty = new Set<ResourceKey>()
  const deferred = new Map<ResourceKey, StoreEvent>()
  const inFlight = new Map<ResourceKey, Promise<void>>()
  let applyingRemote = false
  let fenced = false
  let conflicts = 0
  const applyRemote = (event: StoreEvent) => {
    const key = event.type === 'put' ? event.object.key : event.key
    const revision = event.type === 'put' ? event.object.revision : event.revision
    // Our own write's echo, or older than what we already hold.
    if ((known.get(key) ?? 0) >= revision) return false
    applyingRemote = true
    try {
      if (event.type === 'put') {
        known.set(key, revision)
        store.put(event.object.resource)
      } else {
        known.delete(key)
        const { kind, name } = splitKey(key)
        store.remove(kind, name)
      }
    } finally {
      applyingRemote = false
    }
    return true
  }

  // Watch events arrive one by one; tell the owner once per tick, not once per key.
  let batch: ResourceKey[] = []
  const unwatch = await objects.watch(
    listing.revision,
    (event) => {
      // A key we are writing: the event may be our own write's echo, arriving before the
      // write's answer. Hold the latest until the write is done; then it applies if newer.
      const key = event.type === 'put' ? event.object.key : event.key
      if (inFlight.has(key)) {
        deferred.set(key, event)
        return
      }
      if (!applyRemote(event)) return
      if (batch.length === 0) queueMicrotask(flushBatch)
      batch.push(event.type === 'put' ? event.object.key : event.key)
    },
    (error) => options.onBroken?.(error),
  )
  const flushBatch = () => {
    const keys = batch
    batch = []
    if (keys.length > 0) options.onRemote?.(keys)
  }

  const limit = options.concurrency ?? 32
  let running = 0
  const waiting: (() => void)[] = []
  const slot = async () => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
  }
  const release = () => {
    running--
    waiting.shift()?.()
  }

  const writeOne = async (key: ResourceKey) => {
    await slot()
    try {
      const { kind, name } = splitKey(key)
      const local = store.get(kind, name) as AnyResource | undefined
      const expected = known.get(key) ?? 0
      if (!local && expected === 0) return
      const result = local ? await objects.put(local, expected) : await objects.remove(key, expected)
      if (result.ok) {
        if (local) known.set(key, result.revision)
        else known.delete(key)
        return
      }
      if (result.reason === 'fenced') {
        fenced = true
        options.onFenced?.(key)
        return
      }
      // Someone else wrote first: take their version; the controllers look again.
      conflicts++
      const current = result.current
      if (current) applyRemote({ type: 'put', object: current })
      else if (expected !== 0) applyRemote({ type: 'delete', key, revision: Number.MAX_SAFE_INTEGER })
      options.onRemote?.([key])
    } finally {
      release()
    }
  }
  const schedule = (key: ResourceKey) => {
    if (fenced) return
    dirty.add(key)
    if (inFlight.has(key)) return
    const run = (async () => {
      while (dirty.has(key) && !fenced) {
        dirty.delete(key)
        try {
          await writeOne(key)
        } catch (error) {
          options.onError?.(key, error as Error)
          setTimeout(() => schedule(key), 1000).unref()
          return
        }
      }
    })().finally(() => {
      inFlight.delete(key)
      const held = deferred.get(key)
      deferred.delete(key)
      if (held && applyRemote(held)) options.onRemote?.([key])
    })
    inFlight.set(key, run)
  }
  if (options.mode === 'write')
    store.subscribe((change) => {
      if (!applyingRemote) schedule(change.key)
    })

  return {
    store,
    async flush() {
      while (inFlight.size > 0) await Promise.all([...inFlight.values()])
    },
    conflicts: () => conflicts,
    async close() {
      await unwatch()
    },
  }
}
