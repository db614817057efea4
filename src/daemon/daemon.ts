import { realpath } from 'node:fs/promises'
import { openParseCache } from '../cache/parse-cache.js'
import { observedContent, reconcileInputs } from '../cache/reconcile-inputs.js'
import { createEngine } from '../engine/engine.js'
import { cleanTempFiles } from '../io/atomic-write.js'
import { heldGitLocks } from '../io/git-busy.js'
import { observeContent } from '../io/observe-content.js'
import { readTree } from '../io/read-tree.js'
import type { SchemaValidator } from '../load/to-resource.js'
import type { Registry } from '../plugins/registry.js'
import type { Clock } from '../runtime/clock.js'
import type { Store } from '../store/store.js'
import { createBatcher } from './batcher.js'
import { logChange } from './change-log.js'
import { createContentFiles } from './content-files.js'
import { carryOut } from './effects.js'
import type { FileWatcher } from './file-watcher.js'
import { watchTree } from './file-watcher.js'
import { stopCheck } from './held-kinds.js'
import { holdWhileUnknown } from './hold.js'
import { createHoldLog } from './hold-log.js'
import type { Logger } from './logger.js'
import type { DaemonEvent, Effect, Work } from './machine.js'
import { DEFAULT_POLICY, initialState, owesNothing, transition } from './machine.js'
import type { DaemonObserver } from './observer.js'
import { createPlaces } from './places.js'
import { createRounds } from './round.js'
import { createTreeState } from './tree-state.js'

export interface DaemonOptions {
  readonly dir: string
  readonly validator: SchemaValidator
  readonly registry: Registry
  readonly clock: Clock
  readonly log: Logger
  /** Poll instead of using OS file events. */
  readonly poll?: boolean
  /** Full re-scan interval, a safety net for missed events. Default 5 minutes. */
  readonly resyncMs?: number
  /**
   * Called after a round in which nothing is left to do: every change seen so
   * far is reconciled and its status written (e.g. to commit status to git).
   */
  readonly onSettled?: (round: { written: readonly string[] }) => Promise<void> | void
  /**
   * Called once when the daemon cannot go on (rounds keep throwing): it has
   * stopped its work, and the caller should exit non-zero so a supervisor
   * restarts it. Without it, the error is only logged.
   */
  readonly onFatal?: (error: Error) => void
  /** First delay before a failed round is retried (doubling each time). Default 1 s. */
  readonly roundRetryMs?: number
  /** Told about reconciles, writes and rounds (metrics, the live page). */
  readonly observer?: DaemonObserver
  /** The store the controllers run on (default: a fresh in-memory one; etcd's mirror for a leader). */
  readonly store?: Store
}

export interface Daemon {
  /** Finishes in-flight work (writes complete), stops watching. */
  stop(): Promise<void>
  /** Resolves when the daemon has nothing left to do right now. */
  idle(): Promise<void>
}

/**
 * The watch daemon: loads the tree, reconciles, then follows every change.
 * Bursts are batched into one round; berth's own writes are recognised by
 * content and cause no round; a file that stops parsing keeps its last good
 * content in force; the work of a round follows the files that changed.
 * What it owes and when it gives up is the state machine's (`machine.ts`);
 * this is its shell: the watcher, the timers and the rounds' I/O.
 */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { dir, log } = options
  const realRoot = await realpath(dir)
  // A start on a tree loaded before parses only the files that changed since.
  const cache = await openParseCache(dir, options.validator.schemaDigest)
  const stops = stopCheck()
  const engine = createEngine({
    registry: options.registry,
    clock: options.clock,
    ...(options.store ? { store: options.store } : {}),
    // A file berth could never load may define what a service needs: stop no task meanwhile,
    // unless all it can define is a kind whose absence stops no task (see `held-kinds.ts`).
    hold: holdWhileUnknown(() => tree.unknown().filter((f) => stops(f, tree.seen().get(f)))),
    ...(options.observer?.reconciled ? { onReconcile: options.observer.reconciled } : {}),
  })
  const { store, manager } = engine
  const tree = createTreeState(store, options.validator, {
    load: cache.loader(options.validator),
    observe: (r) => observeContent(r, dir),
  })
  const observer = options.observer ?? {}
  const places = createPlaces(dir, store, tree)
  const roundDone = (ok: boolean) =>
    observer.roundDone?.({
      ok,
      store,
      files: tree.seen().size,
      invalidFiles: tree.invalid().size,
      queueDepth: manager.queueDepth(),
    })
  // Status changes are what berth did; spec changes are what the person did, already known to them.
  store.subscribe((change) => {
    if (change.statusOnly || !change.after) logChange(change, log)
  })

  const policy = {
    ...DEFAULT_POLICY,
    ...(options.roundRetryMs !== undefined ? { roundRetryMs: options.roundRetryMs } : {}),
  }
  let state = initialState
  const timers = new Set<NodeJS.Timeout>()
  let requeueTimer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timers.add(timer)
  }

  /** Feeds the machine one event and carries out what it says. */
  const dispatch = (event: DaemonEvent): Effect[] => {
    const next = transition(state, event, policy)
    state = next.state
    carryOut(next.effects, {
      place: places.ofFile,
      log,
      later,
      retry: (file) => {
        dispatch({ type: 'files', paths: [file] })
        void kick()
      },
      kick: () => void kick(),
      fatal: (error) => options.onFatal?.(error),
    })
    return next.effects
  }

  const contents = createContentFiles(store, dir)
  const holds = createHoldLog({ dir, log, tree, places })
  const rounds = createRounds({
    dir,
    realRoot,
    log,
    engine,
    tree,
    contents,
    holds,
    observer,
    wrote: (commit) =>
      void dispatch({ type: 'wrote', ...commit, gitLocks: heldGitLocks(dir, commit.conflicts) }),
  })

  /** After the writes of a settle: the next requeue, the onlookers, and `onSettled` when nothing is owed. */
  const settled = async (written: readonly string[]) => {
    scheduleRequeue()
    roundDone(true)
    if (!owesNothing(state) || !options.onSettled) return
    try {
      await options.onSettled({ written })
    } catch (error) {
      log.error(`after the round: ${(error as Error).message}`)
    }
  }

  const failed = (error: unknown, work: Work) => {
    const err = error instanceof Error ? error : new Error(String(error))
    log.error(`round failed: ${err.stack ?? err.message}`)
    roundDone(false)
    dispatch({ type: 'round-failed', work, error: err })
  }

  /** Runs rounds while work is owed, one at a time, after whatever is running. */
  const kick = (): Promise<void> => {
    running = running.then(async () => {
      for (;;) {
        const round = dispatch({ type: 'next' }).find((e) => e.type === 'round')
        if (!round) return
        try {
          await settled((await rounds.round(round.work)).written)
          dispatch({ type: 'round-done' })
        } catch (error) {
          failed(error, round.work)
          return
        }
      }
    })
    return running
  }

  const scheduleRequeue = () => {
    if (requeueTimer) clearTimeout(requeueTimer)
    const delay = manager.nextDelay()
    if (delay === undefined || state.phase === 'stopping') return
    requeueTimer = setTimeout(() => {
      dispatch({ type: 'reconcile' })
      void kick()
    }, delay)
  }

  const batcher = createBatcher((paths) => {
    dispatch({ type: 'files', paths })
    void kick()
  })
  let watcher: FileWatcher | undefined
  const startWatcher = async (poll: boolean) => {
    watcher = await watchTree(
      dir,
      {
        onPath: (p) => batcher.add(p),
        onOtherFile: (p) => {
          // Only the content of a Secret or Config matters; any other file is no one's business.
          if (!contents.changed(p)) return
          dispatch({ type: 'reconcile' })
          batcher.wake()
        },
        onRescan: () => {
          dispatch({ type: 'rescan' })
          batcher.wake()
        },
        onError: (error) => {
          if (error.code === 'ENOSPC' && !poll) {
            log.error(
              'the system ran out of file watches (ENOSPC); falling back to polling. Raise the limit with: sudo sysctl fs.inotify.max_user_watches=524288',
            )
            void watcher?.close().then(() => startWatcher(true))
            return
          }
          log.error(`file watcher: ${error.message}`)
        },
      },
      { poll },
    )
  }

  for (const removed of await cleanTempFiles(dir))
    log.warn(`removed a temporary file left by a crash: ${removed}`)
  await startWatcher(options.poll === true)
  // The first full scan, after the watcher is ready, so no change slips between the two.
  // No round runs meanwhile (the machine is starting): what the watcher saw waits for it.
  const initial = await readTree(dir)
  // Every resource is queued below (or none, over a converged tree): loading queues nothing.
  manager.loading(() =>
    rounds.applyFiles(
      initial.files.map((f) => ({ path: f.path, text: f.text })),
      initial.diagnostics,
    ),
  )
  // Over a tree a run left converged, byte for byte, the statuses in the files are the fixed
  // point: nothing is reconciled until something changes, as in a no-op `reconcile`. (Over
  // etcd, the store is the cluster's, not the files': it is always reconciled.) The digest
  // also takes what the statuses depend on besides the manifests: the plugin catalog, the
  // content files.
  const inputs =
    options.store === undefined ? reconcileInputs(options.registry) + observedContent(store) : undefined
  const converged = inputs !== undefined && tree.invalid().size === 0 && cache.converged(inputs)
  if (!converged) manager.enqueueAll()
  const nothing: Work = { paths: new Set(), rescan: false, reconcile: false }
  try {
    const first = converged
      ? { written: [], clean: true }
      : await rounds.settle(initial.files.map((f) => f.path))
    // A start that reconciled every file and changed none has found the fixed point: the next one skips.
    if (
      inputs !== undefined &&
      !converged &&
      first.clean &&
      first.written.length === 0 &&
      tree.invalid().size === 0 &&
      manager.nextDelay() === undefined
    )
      cache.markConverged(inputs)
    await settled(first.written)
    dispatch({ type: 'round-done' })
  } catch (error) {
    failed(error, nothing)
  }
  dispatch({ type: 'started' })
  await kick()
  await cache.save()
  const invalid = tree.invalid().size
  log.info(
    `watching ${dir}: ${initial.files.length} files, ${store.list('Service').length} services${invalid ? `, ${invalid} invalid files` : ''}${converged ? ' (as berth left them converged: nothing to reconcile)' : ''}`,
  )
  const resync = setInterval(() => {
    dispatch({ type: 'rescan' })
    manager.enqueueAll('resync')
    void kick()
  }, options.resyncMs ?? 300_000)
  resync.unref()

  return {
    async stop() {
      dispatch({ type: 'stop' })
      clearInterval(resync)
      if (requeueTimer) clearTimeout(requeueTimer)
      for (const timer of timers) clearTimeout(timer)
      batcher.cancel()
      await watcher?.close()
      await running
      manager.stop()
    },
    async idle() {
      const flushed = batcher.take()
      if (flushed.length > 0) dispatch({ type: 'files', paths: flushed })
      await kick()
    },
  }
}
