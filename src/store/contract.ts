import type { ResourceKey } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'

/**
 * The store as a contract: what the controllers' state lives in, durably.
 * Every object carries the revision of its last write (etcd's `mod_revision`,
 * Kubernetes' `resourceVersion`); every write is a compare-and-swap on it, so
 * two writers never silently overwrite each other. Change events carry the
 * revision too, so a watcher can tell its own echo from someone else's write.
 *
 * Two backends implement it: the embedded one (`memory-objects.ts`, what a
 * single daemon over a directory needs) and etcd (`src/etcd/etcd-objects.ts`).
 * One contract test suite runs against both.
 */
export interface StoredObject {
  readonly key: ResourceKey
  readonly resource: AnyResource
  /** The revision of the write that produced this version of the object. */
  readonly revision: number
}

/** A change seen by a watch, in revision order. */
export type StoreEvent =
  | { readonly type: 'put'; readonly object: StoredObject }
  | { readonly type: 'delete'; readonly key: ResourceKey; readonly revision: number }

/**
 * The answer to a write. `conflict`: the object is not at the expected
 * revision any more (`current` is what is there now). `fenced`: the writer's
 * fencing token (a leader's lease) no longer holds: it must stop writing.
 */
export type WriteResult =
  | { readonly ok: true; readonly revision: number }
  | { readonly ok: false; readonly reason: 'conflict'; readonly current: StoredObject | undefined }
  | { readonly ok: false; readonly reason: 'fenced' }

export interface ObjectStore {
  /** Every object, and the store revision the listing is consistent at. */
  list(): Promise<{ readonly objects: readonly StoredObject[]; readonly revision: number }>
  get(key: ResourceKey): Promise<StoredObject | undefined>
  /** Creates (`expected` 0: only if absent) or replaces (only if still at `expected`). */
  put(resource: AnyResource, expected: number): Promise<WriteResult>
  /** Deletes, only if the object is still at `expected`. */
  remove(key: ResourceKey, expected: number): Promise<WriteResult>
  /**
   * Every change after `revision`, in order, until the returned function is called.
   * `onBroken`: the watch cannot go on (history compacted away, cancelled by the server);
   * the watcher must list again.
   */
  watch(
    revision: number,
    listener: (event: StoreEvent) => void,
    onBroken?: (error: Error) => void,
  ): Promise<() => Promise<void>>
  close(): Promise<void>
}
