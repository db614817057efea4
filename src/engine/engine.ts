import { controllers as allControllers } from '../../controllers/index.js'
import type { Registry } from '../plugins/registry.js'
import type { Clock } from '../runtime/clock.js'
import type { AnyController } from '../runtime/controller.js'
import type { Manager, ManagerOptions, PassReport } from '../runtime/manager.js'
import { createManager } from '../runtime/manager.js'
import type { Store } from '../store/store.js'
import { createStore } from '../store/store.js'
import type { View } from '../view/view.js'
import { createView } from '../view/view.js'

export interface EngineOptions {
  readonly registry: Registry
  readonly clock: Clock
  /** The store the controllers run on (default: a fresh in-memory one; etcd's mirror for a leader). */
  readonly store?: Store
  /** The controllers (default: all of them; the bench wraps them to time each). */
  readonly controllers?: readonly AnyController[]
  /** Says why an outcome must not be applied yet (the daemon's hold while a file is unknown). */
  readonly hold?: ManagerOptions['hold']
  /** Told about every reconcile (metrics). */
  readonly onReconcile?: ManagerOptions['onReconcile']
}

/** The store, the view over it and the manager running the controllers on it. */
export interface Engine {
  readonly store: Store
  readonly view: View
  readonly manager: Manager
}

/**
 * The composition root: the one place where a store, its view, the controllers and the
 * manager are put together. `reconcile`, `plan`, the daemon, the etcd leader and the bench
 * all run on what this returns.
 */
export function createEngine(options: EngineOptions): Engine {
  const store = options.store ?? createStore()
  const view = createView(store)
  const manager = createManager({
    store,
    view,
    controllers: options.controllers ?? allControllers,
    registry: options.registry,
    clock: options.clock,
    ...(options.hold ? { hold: options.hold } : {}),
    ...(options.onReconcile ? { onReconcile: options.onReconcile } : {}),
  })
  return { store, view, manager }
}

/** What one run to a fixed point did, and when the engine asked to look again. */
export interface Pass {
  readonly report: PassReport
  /** A reconcile asked to look again after this many ms (an update's next batch); undefined: none. */
  readonly requeueAfter: number | undefined
}

/** One-shot: reconciles every resource of the engine's store to a fixed point, then stops the manager. */
export async function runOnce(engine: Engine): Promise<Pass> {
  engine.manager.enqueueAll()
  try {
    const report = await engine.manager.runToFixedPoint()
    return { report, requeueAfter: engine.manager.nextDelay() }
  } finally {
    engine.manager.stop()
  }
}
