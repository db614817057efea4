import type { Kind, ResourceKey } from '../model/kinds.js'
import { KINDS, resourceKey, splitKey } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'
import type { Registry } from '../plugins/registry.js'
import type { Change, Store } from '../store/store.js'
import type { View } from '../view/view.js'
import type { AnyController, Controller, Watch } from './controller.js'
import { createWorkQueue } from './work-queue.js'

/** One reconcile, as the manager reports it to an onlooker. */
export interface ReconcileEvent {
  readonly controller: Kind
  readonly key: ResourceKey
  readonly result: 'success' | 'error' | 'requeue'
  readonly seconds: number
}

export interface ManagerOptions {
  readonly store: Store
  readonly view: View
  readonly controllers: readonly AnyController[]
  readonly registry: Registry
  /** The clock, as an RFC 3339 string source and a millisecond counter. */
  readonly clock: { readonly iso: () => string; readonly ms: () => number; readonly wall?: () => number }
  /** A key reconciled more often than this in one pass is oscillating: it is stopped. */
  readonly maxReconcilesPerKey?: number
  /** Failed reconciles are retried this often in one pass before giving up. */
  readonly maxRetries?: number
  readonly sleep?: (ms: number) => Promise<void>
  /**
   * Says why an outcome must not be applied yet (undefined: apply it). A held
   * key keeps its status; the caller requeues it when the reason is gone.
   */
  readonly hold?: (resource: AnyResource, status: AnyResource['status']) => string | undefined
  /** Told about every reconcile (metrics). */
  readonly onReconcile?: (event: ReconcileEvent) => void
}

/**
 * Upstream kinds first, so a downstream reconcile sees its inputs settled and
 * decides once: Plugins, then Volumes and Networks (they read plugin
 * statuses), Secrets and Configs (they read nothing), then Services (they
 * read all of these), then Nodes (they count tasks).
 */
const KIND_RANK: Readonly<Record<Kind, number>> = {
  Plugin: 0,
  Secret: 0,
  Config: 0,
  Volume: 1,
  Network: 2,
  Service: 3,
  Node: 4,
}
const RESYNC_LANES = 5

/** What one pass to a fixed point did. */
export interface PassReport {
  readonly reconciles: number
  /** Keys whose status changed. */
  readonly changed: ReadonlySet<ResourceKey>
  /** Keys whose reconcile kept failing, with the last error. */
  readonly failed: ReadonlyMap<ResourceKey, Error>
  /** Keys stopped because they would not settle. */
  readonly stalled: readonly ResourceKey[]
  /** Keys whose new status was held back (see `ManagerOptions.hold`), with the reason. */
  readonly held: ReadonlyMap<ResourceKey, string>
}

export interface Manager {
  /**
   * Queues every resource. `resync` (a periodic safety net) waits behind
   * fresh changes; `fresh` (a load) does not.
   */
  enqueueAll(priority?: 'fresh' | 'resync'): void
  enqueue(key: ResourceKey): void
  /**
   * Runs `load` (the store filled with what a start read) without queueing what it changes:
   * the caller then queues everything (`enqueueAll`) or, over a tree known converged, nothing.
   */
  loading<T>(load: () => T): T
  /** Reconciles until nothing is left to do now: a fixed point. */
  runToFixedPoint(): Promise<PassReport>
  /** Milliseconds until a delayed key (retry or `requeueAfter`) is due, if any. */
  nextDelay(): number | undefined
  /** Keys waiting per kind (ready or delayed). */
  queueDepth(): Record<Kind, number>
  stop(): void
}

/**
 * Runs the controllers: one keyed queue, cross-kind triggers from each
 * controller's watches, capped backoff on errors, and a per-pass cap that
 * turns an oscillation into a report instead of an endless loop. A controller
 * that throws does not stop the others.
 */
export function createManager(options: ManagerOptions): Manager {
  const { store, view } = options
  const maxPerKey = options.maxReconcilesPerKey ?? 50
  const maxRetries = options.maxRetries ?? 5
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const queue = createWorkQueue({ now: options.clock.ms })
  const byKind = new Map<Kind, Controller>()
  for (const c of options.controllers) byKind.set(c.kind, c as unknown as Controller)

  const lane = (kind: Kind, resync = false) => KIND_RANK[kind] + (resync ? RESYNC_LANES : 0)
  // One key string per stored resource, made once: a watch names many keys per change (the
  // nodes of a service's tasks), and a string made afresh is hashed afresh by the queue; the
  // queue then holds the very string a watch names, so finding it compares no text. A key
  // leaves with its resource; a name with no resource behind it is not queued (there would be
  // nothing to reconcile: its arrival queues it).
  const keys = new Map<Kind, Map<string, ResourceKey>>()
  const storedKey = (kind: Kind, name: string): ResourceKey | undefined => {
    let byName = keys.get(kind)
    if (!byName) {
      byName = new Map()
      keys.set(kind, byName)
    }
    const known = byName.get(name)
    if (known !== undefined || store.get(kind, name) === undefined) return known
    const key = resourceKey(kind, name)
    byName.set(name, key)
    return key
  }
  let loading = false
  const onChange = (change: Change) => {
    if (!change.after && change.before) keys.get(change.kind)?.delete(change.before.name)
    if (loading) return
    if (!change.statusOnly && change.after) queue.add(change.key, lane(change.kind))
    for (const controller of options.controllers) {
      const watches: readonly Watch[] = controller.watches
      const queueName = (name: string) => {
        const key = storedKey(controller.kind, name)
        if (key !== undefined && (key !== change.key || !change.statusOnly))
          queue.add(key, lane(controller.kind))
      }
      for (const watch of watches) {
        if (watch.kind !== change.kind) continue
        const names = watch.map(change, view)
        // A list is walked by index: a watch can name thousands of nodes per change.
        if (Array.isArray(names)) for (let i = 0; i < names.length; i++) queueName(names[i] as string)
        else for (const name of names) queueName(name)
      }
    }
  }
  const unsubscribe = store.subscribe(onChange)

  const held = new Map<ResourceKey, string>()
  /** Whether the last reconcile asked to run again later (`requeueAfter`). */
  let requeued = false
  const reconcileKey = (key: ResourceKey): boolean => {
    const { kind, name } = splitKey(key)
    const controller = byKind.get(kind)
    const resource = store.get(kind, name)
    if (!controller || !resource) return false
    const outcome = controller.reconcile(resource, {
      view,
      now: options.clock.iso(),
      nowMs: options.clock.wall?.() ?? Date.now(),
      registry: options.registry,
    })
    requeued = outcome.requeueAfterMs !== undefined
    if (outcome.requeueAfterMs !== undefined) queue.addAfter(key, outcome.requeueAfterMs)
    const reason = options.hold?.(resource as AnyResource, outcome.status)
    if (reason !== undefined) {
      held.set(key, reason)
      return false
    }
    held.delete(key)
    return store.setStatus(kind, name, outcome.status)
  }
  const observed = (key: ResourceKey): boolean => {
    const report = options.onReconcile
    if (!report) return reconcileKey(key)
    const started = options.clock.ms()
    const done = (result: ReconcileEvent['result']) =>
      report({ controller: splitKey(key).kind, key, result, seconds: (options.clock.ms() - started) / 1000 })
    try {
      const changed = reconcileKey(key)
      done(requeued ? 'requeue' : 'success')
      return changed
    } catch (error) {
      done('error')
      throw error
    }
  }

  return {
    enqueueAll(priority = 'fresh') {
      for (const kind of KINDS) {
        for (const r of store.list(kind)) {
          const key = storedKey(kind, r.name)
          if (key !== undefined) queue.add(key, lane(kind, priority === 'resync'))
        }
      }
    },
    enqueue: (key) => queue.add(key, lane(splitKey(key).kind)),
    loading(load) {
      loading = true
      try {
        return load()
      } finally {
        loading = false
      }
    },
    async runToFixedPoint() {
      const counts = new Map<ResourceKey, number>()
      const changed = new Set<ResourceKey>()
      const failed = new Map<ResourceKey, Error>()
      const stalled: ResourceKey[] = []
      const retrying = new Set<ResourceKey>()
      held.clear()
      let reconciles = 0
      for (;;) {
        const key = queue.next() as ResourceKey | undefined
        if (key === undefined) {
          const delay = queue.nextDelay()
          // Retries are waited for; a `requeueAfter` is left to the caller (the daemon's timer).
          if (delay === undefined || retrying.size === 0) break
          await sleep(delay)
          continue
        }
        retrying.delete(key)
        const count = (counts.get(key) ?? 0) + 1
        counts.set(key, count)
        if (count > maxPerKey) {
          if (count === maxPerKey + 1) stalled.push(key)
          continue
        }
        reconciles++
        try {
          if (observed(key)) changed.add(key)
          queue.forget(key)
          failed.delete(key)
        } catch (error) {
          const err = error instanceof Error ? error : new Error(String(error))
          failed.set(key, err)
          if (queue.retry(key, maxRetries)) retrying.add(key)
        }
      }
      return { reconciles, changed, failed, stalled, held: new Map(held) }
    },
    nextDelay: () => queue.nextDelay(),
    queueDepth() {
      const depth = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>
      for (const key of queue.keys()) depth[splitKey(key as ResourceKey).kind]++
      return depth
    },
    stop: unsubscribe,
  }
}
