import type { Kind } from '../model/kinds.js'
import type { ReconcileEvent } from '../runtime/manager.js'
import type { ReadStore } from '../store/store.js'

export type { ReconcileEvent }

/** The status writes of one round. */
export interface WritesEvent {
  readonly written: number
  /** Files changed on disk since berth read them: re-read, not overwritten. */
  readonly conflicts: number
  /** Writes that failed (disk full, read-only, a symlink) or could not be made. */
  readonly failed: number
}

/** The end of a round: everything seen so far is reconciled (or the round failed). */
export interface RoundEvent {
  /** False when the round itself failed (a bug or an I/O error outside a reconcile). */
  readonly ok: boolean
  readonly store: ReadStore
  /** Manifest files the daemon follows, and how many of them are invalid now. */
  readonly files: number
  readonly invalidFiles: number
  /** Keys waiting in the work queue, per controller (delayed retries and requeues included). */
  readonly queueDepth: Readonly<Record<Kind, number>>
}

/**
 * What the daemon tells an onlooker (metrics, the live page). Every hook is
 * optional and called synchronously; an observer must not throw or block.
 */
export interface DaemonObserver {
  reconciled?(event: ReconcileEvent): void
  wrote?(event: WritesEvent): void
  roundDone?(event: RoundEvent): void
}
