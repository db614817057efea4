import type { Kind } from '../model/kinds.js'
import type { Resource } from '../model/resource.js'
import type { StatusByKind } from '../model/status.js'
import type { Registry } from '../plugins/registry.js'
import type { Change } from '../store/store.js'
import type { View } from '../view/view.js'

/** What a reconcile may read: a frozen view, the time, the plugin catalog. Nothing else. */
export interface ReconcileContext {
  readonly view: View
  /** RFC 3339, from the runtime's clock: controllers never read the clock themselves. */
  readonly now: string
  /** Wall-clock milliseconds, from the runtime's clock: for due times such as an update's next batch. */
  readonly nowMs: number
  readonly registry: Registry
}

/** The result of one reconcile: the status to record, and optionally when to look again. */
export interface Outcome<S> {
  readonly status: S
  readonly requeueAfterMs?: number
}

/** A cross-kind trigger: when a resource of `kind` changes, which keys of ours to requeue. */
export interface Watch<W extends Kind = Kind> {
  readonly kind: W
  /**
   * Gets the change typed by the watched kind: its `before` and `after` are `Resource<W>`.
   * (A method, so any watch is a `Watch` to the manager, which calls it only for changes of `kind`.)
   */
  map(change: Change<W>, view: View): Iterable<string>
}

/** A watch of any one kind, told apart by `kind`. */
export type AnyWatch = { [W in Kind]: Watch<W> }[Kind]

/**
 * One controller: owns the status of one kind. `reconcile` is level-based and
 * pure: it reads what is, never why it was called. A change to the
 * controller's own kind (spec or existence) always requeues that key.
 */
export interface Controller<K extends Kind = Kind> {
  readonly kind: K
  readonly watches: readonly AnyWatch[]
  reconcile(resource: Resource<K>, ctx: ReconcileContext): Outcome<StatusByKind[K]>
}

export type AnyController = { [K in Kind]: Controller<K> }[Kind]

export function defineController<K extends Kind>(controller: Controller<K>): Controller<K> {
  return controller
}
