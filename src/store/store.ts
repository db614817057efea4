import { freeze } from 'immer'
import type { Kind, ResourceKey } from '../model/kinds.js'
import { resourceKey } from '../model/kinds.js'
import type { AnyResource, Resource } from '../model/resource.js'
import type { StatusByKind } from '../model/status.js'
import { deepEqual } from './deep-equal.js'

/** A change to one key of kind `K`: `before`/`after` undefined mean created/deleted. */
interface KindChange<K extends Kind> {
  readonly key: ResourceKey
  readonly kind: K
  readonly before: Resource<K> | undefined
  readonly after: Resource<K> | undefined
  /** True when only the status changed (the spec, labels, source and observed content are the same). */
  readonly statusOnly: boolean
}

/** A change to a resource of one of the kinds `K` (any kind by default), told apart by `kind`. */
export type Change<K extends Kind = Kind> = { [P in K]: KindChange<P> }[K]

export type Listener = (change: Change) => void

/** Read access shared by controllers and commands. */
export interface ReadStore {
  get<K extends Kind>(kind: K, name: string): Resource<K> | undefined
  list<K extends Kind>(kind: K): readonly Resource<K>[]
  /** Increments on every change to a resource of that kind (memo key for derived indexes). */
  version(kind: Kind): number
  /** Like `version`, but ignores status-only changes. */
  specVersion(kind: Kind): number
}

export interface Store extends ReadStore {
  /** Inserts or replaces a resource as loaded from a file. Returns false when nothing changed. */
  put(resource: AnyResource): boolean
  remove(kind: Kind, name: string): boolean
  /** Sets the status berth computed. Returns false (and keeps the old object) when equal. */
  setStatus<K extends Kind>(kind: K, name: string, status: StatusByKind[K]): boolean
  subscribe(listener: Listener): () => void
}

/**
 * The in-memory state: one deeply frozen object per key, replaced (never
 * mutated) on change, so an unchanged resource keeps its identity. Listeners
 * hear about every real change, per key.
 */
export function createStore(): Store {
  const byKind = new Map<Kind, Map<string, AnyResource>>()
  const lists = new Map<Kind, readonly AnyResource[]>()
  // Kinds whose current list has been handed to a reader since it was last copied.
  const handedOut = new Set<Kind>()
  const versions = new Map<Kind, number>()
  const specVersions = new Map<Kind, number>()
  const listeners = new Set<Listener>()

  const bucket = (kind: Kind) => {
    const existing = byKind.get(kind)
    if (existing) return existing
    const map = new Map<string, AnyResource>()
    byKind.set(kind, map)
    return map
  }
  // A status change keeps the name, so the sorted list keeps its order: swap
  // the one element. A list a reader holds stays as it was (the swap is made
  // in a copy); one nobody has seen since it was made is changed in place, so
  // a run of status changes between two reads costs one copy, not one each.
  const replaceInList = (kind: Kind, after: AnyResource) => {
    const list = lists.get(kind)
    if (!list) return
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const name = (list[mid] as AnyResource).name
      if (name === after.name) {
        if (handedOut.delete(kind)) {
          const copy = list.slice()
          copy[mid] = after
          lists.set(kind, copy)
        } else (list as AnyResource[])[mid] = after // nobody holds it: ours to change
        return
      }
      if (name < after.name) lo = mid + 1
      else hi = mid - 1
    }
    lists.delete(kind)
  }
  const emit = (
    kind: Kind,
    name: string,
    before: AnyResource | undefined,
    after: AnyResource | undefined,
  ) => {
    versions.set(kind, (versions.get(kind) ?? 0) + 1)
    const statusOnly =
      before !== undefined &&
      after !== undefined &&
      before.spec === after.spec &&
      before.labels === after.labels &&
      before.source === after.source &&
      before.content === after.content
    if (statusOnly) replaceInList(kind, after)
    else {
      lists.delete(kind)
      specVersions.set(kind, (specVersions.get(kind) ?? 0) + 1)
    }
    // before and after are of `kind` (the bucket's): the one place that pairing is asserted.
    const change = { key: resourceKey(kind, name), kind, before, after, statusOnly } as Change
    for (const listener of listeners) listener(change)
  }

  return {
    get: <K extends Kind>(kind: K, name: string) => bucket(kind).get(name) as Resource<K> | undefined,
    list: <K extends Kind>(kind: K) => {
      let list = lists.get(kind)
      if (!list) {
        list = [...bucket(kind).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        lists.set(kind, list)
      }
      handedOut.add(kind)
      return list as readonly Resource<K>[]
    },
    version: (kind) => versions.get(kind) ?? 0,
    specVersion: (kind) => specVersions.get(kind) ?? 0,
    put(resource) {
      const map = bucket(resource.kind)
      const before = map.get(resource.name)
      if (before && sameResource(before, resource)) return false
      const after = freeze({ ...resource }, true) as AnyResource
      map.set(resource.name, after)
      emit(resource.kind, resource.name, before, after)
      return true
    },
    remove(kind, name) {
      const map = bucket(kind)
      const before = map.get(name)
      if (!before) return false
      map.delete(name)
      emit(kind, name, before, undefined)
      return true
    },
    setStatus(kind, name, status) {
      const map = bucket(kind)
      const before = map.get(name)
      if (!before || deepEqual(before.status, status)) return false
      const after = Object.freeze({ ...before, status: freezeDeep(status) }) as AnyResource
      map.set(name, after)
      emit(kind, name, before, after)
      return true
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

function sameResource(a: AnyResource, b: AnyResource): boolean {
  return (
    a.generation === b.generation &&
    deepEqual(a.spec, b.spec) &&
    deepEqual(a.labels, b.labels) &&
    deepEqual(a.status, b.status) &&
    deepEqual(a.content, b.content) &&
    a.source.file === b.source.file &&
    a.source.doc === b.source.doc &&
    a.source.line === b.source.line
  )
}

/**
 * Deep-freezes plain JSON data (a status): the same guarantee as immer's deep
 * freeze, without its generic traversal, on the path every placement takes.
 */
function freezeDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  // Scalars are checked here, not in a call each: a status is mostly scalars (task fields).
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (typeof item === 'object' && item !== null) freezeDeep(item)
    }
  } else {
    const record = value as Record<string, unknown>
    for (const key in record) {
      const item = record[key]
      if (typeof item === 'object' && item !== null) freezeDeep(item)
    }
  }
  return Object.freeze(value)
}
