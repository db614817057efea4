import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { openParseCache } from '../cache/parse-cache.js'
import { commitWrites } from '../engine/commit-writes.js'
import { createEngine } from '../engine/engine.js'
import { planWrites } from '../engine/plan-writes.js'
import { cleanTempFiles } from '../io/atomic-write.js'
import { observeContent } from '../io/observe-content.js'
import { readTree } from '../io/read-tree.js'
import type { SchemaValidator } from '../load/to-resource.js'
import type { Diagnostic } from '../model/diagnostic.js'
import { formatDiagnostic } from '../model/diagnostic.js'
import type { Registry } from '../plugins/registry.js'
import type { Clock } from '../runtime/clock.js'
import type { Store } from '../store/store.js'
import { createBatcher } from './batcher.js'
import { logChange } from './change-log.js'
import { createContentFiles } from './content-files.js'
import type { FileWatcher } from './file-watcher.js'
import { watchTree } from './file-watcher.js'
import { holdWhileUnknown } from './hold.js'
import { createHoldLog } from './hold-log.js'
import type { Logger } from './logger.js'
import type { DaemonObserver } from './observer.js'
import { readChanges, rescanPaths } from './read-changes.js'
import { createTreeState } from './tree-state.js'

/** A file's new text, or undefined when it is gone. */
type FileChange = { path: string; text: string | undefined }

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

/** How often a file that keeps changing under berth's write is re-read before berth gives up for now. */
const MAX_CONFLICTS = 5
/** A status write that failed (disk full, read-only) is retried after 1 s, doubling up to 30 s. */
const WRITE_RETRY_MS = 1000
const WRITE_RETRY_MAX_MS = 30_000
/** A round that throws is retried this often (1 s, doubling) before the daemon gives up and exits. */
const MAX_FAILED_ROUNDS = 5

/**
 * The watch daemon: loads the tree, reconciles, then follows every change.
 * Bursts are batched into one round; berth's own writes are recognised by
 * content and cause no round; a file that stops parsing keeps its last good
 * content in force; the work of a round follows the files that changed.
 */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { dir, log } = options
  const realRoot = await realpath(dir)
  // A start on a tree loaded before parses only the files that changed since.
  const cache = await openParseCache(dir, options.validator.schemaDigest)
  const { store, manager } = createEngine({
    registry: options.registry,
    clock: options.clock,
    ...(options.store ? { store: options.store } : {}),
    // A file berth could never load may define what a service needs: stop no task meanwhile.
    hold: holdWhileUnknown(() => tree.unknown()),
    ...(options.observer?.reconciled ? { onReconcile: options.observer.reconciled } : {}),
  })
  const tree = createTreeState(store, options.validator, {
    load: cache.loader(options.validator),
    observe: (r) => observeContent(r, dir),
  })
  const observer = options.observer ?? {}
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

  const pending = new Set<string>()
  const contents = createContentFiles(store, dir)
  const conflicts = new Map<string, number>()
  let rescan = false
  let running: Promise<void> = Promise.resolve()
  let stopping = false
  let requeueTimer: NodeJS.Timeout | undefined
  const failures = new Map<string, number>()
  const retries = new Set<NodeJS.Timeout>()

  const report = (diagnostics: readonly Diagnostic[]) => {
    for (const d of diagnostics)
      log.error(formatDiagnostic({ ...d, file: path.join(dir, d.file) }), { code: d.code })
  }
  const warn = (warnings: readonly Diagnostic[]) => {
    for (const d of warnings)
      log.warn(formatDiagnostic({ ...d, file: path.join(dir, d.file) }), { code: d.code })
  }
  const holds = createHoldLog({ dir, log, tree })
  const apply = (update: ReturnType<typeof tree.update>) => {
    report(update.diagnostics)
    warn(update.warnings)
    holds.duplicated()
    // A file that loads at last releases what it held: look at everything again.
    if (holds.files()) manager.enqueueAll()
  }

  const round = async () => {
    const paths = [...pending]
    pending.clear()
    const rescanned = rescan
    if (rescan) {
      rescan = false
      paths.push(...(await rescanPaths(dir, tree)))
    }
    const { changes, problems } = await readChanges(dir, realRoot, tree, [...new Set(paths)])
    const update = applyFiles(changes, problems)
    contents.reobserve(rescanned)
    // Files re-read with unchanged content are candidates too: a write that met a conflict is
    // still owed when the file went back to the bytes berth last saw (an undo, a checkout back).
    await settle([...new Set([...update.files, ...changes.map((c) => c.path)])])
  }

  /**
   * Applies new file contents to the desired state and reports what is wrong with them.
   * A `*.yaml` file a Secret or Config reads is content, not a manifest (as for `loadTree`):
   * it is taken out again and nothing it caused is reported, so its bytes are never quoted.
   */
  const applyFiles = (changes: readonly FileChange[], problems: readonly Diagnostic[]) => {
    const owned = new Set(changes.map((c) => c.path).filter((p) => contents.changed(p)))
    const manifest = (d: Diagnostic) => !owned.has(d.file) && !contents.changed(d.file)
    report(problems.filter(manifest))
    const update = tree.update(changes, problems.filter(manifest))
    if (owned.size > 0) tree.update([...owned].map((path) => ({ path, text: undefined })))
    apply({
      ...update,
      diagnostics: update.diagnostics.filter(manifest),
      warnings: update.warnings.filter(manifest),
    })
    return update
  }

  /** Reconciles what is queued and writes the statuses that changed. */
  const settle = async (changedFiles: readonly string[]) => {
    const pass = await manager.runToFixedPoint()
    for (const [key, error] of pass.failed) log.error(`reconcile ${key} failed: ${error.message}`, { key })
    for (const key of pass.stalled) log.warn(`${key} did not settle; stopped after repeated changes`, { key })
    holds.keys(pass.held)
    const candidates = new Set(changedFiles)
    for (const key of pass.changed) {
      const file = tree.fileOf(key)
      if (file) candidates.add(file)
    }
    const files = [...candidates].sort().flatMap((p) => tree.writable(p) ?? [])
    const { writes, unwritable } = planWrites(files, store)
    for (const u of unwritable) log.error(`${path.join(dir, u.path)}: cannot write status: ${u.message}`)
    // How each file loads once written, from what was spliced in (before the commit: the store may move on).
    const spliced = new Map(
      writes.map((w) => [w.path, { text: w.after, loaded: tree.spliced(w.path, w.after) }]),
    )
    const commit = await commitWrites(dir, writes)
    for (const f of commit.written) {
      const write = spliced.get(f)
      if (write) tree.wrote(f, write.text, write.loaded)
      conflicts.delete(f)
    }
    for (const f of commit.failed) {
      if (f.message.startsWith('refusing')) {
        // A symlink or a non-regular file: berth never writes through it, so no retry.
        log.error(`${path.join(dir, f.path)}: cannot write status: ${f.message}`)
        continue
      }
      // A full disk, a read-only mount: retry with a capped backoff, so the status lands once the fault clears.
      const n = (failures.get(f.path) ?? 0) + 1
      failures.set(f.path, n)
      const delay = Math.min(WRITE_RETRY_MS * 2 ** (n - 1), WRITE_RETRY_MAX_MS)
      log.error(`${path.join(dir, f.path)}: cannot write status: ${f.message}; retrying in ${delay / 1000} s`)
      const timer = setTimeout(() => {
        retries.delete(timer)
        pending.add(f.path)
        void kick()
      }, delay)
      retries.add(timer)
    }
    for (const f of commit.written) failures.delete(f)
    observer.wrote?.({
      written: commit.written.length,
      conflicts: commit.conflicts.length,
      failed: commit.failed.length + unwritable.length,
    })
    for (const f of commit.conflicts) {
      const n = (conflicts.get(f) ?? 0) + 1
      conflicts.set(f, n)
      if (n <= MAX_CONFLICTS) {
        pending.add(f)
        continue
      }
      // Stop racing the person, but never for good: the status is owed once the file settles,
      // so look again after a pause (1 s, doubling up to 30 s) even if no event comes.
      const delay = Math.min(WRITE_RETRY_MS * 2 ** (n - MAX_CONFLICTS - 1), WRITE_RETRY_MAX_MS)
      log.warn(
        `${path.join(dir, f)}: keeps changing while berth writes its status; giving up for now, looking again in ${delay / 1000} s`,
      )
      const timer = setTimeout(() => {
        retries.delete(timer)
        pending.add(f)
        void kick()
      }, delay)
      retries.add(timer)
    }
    scheduleRequeue()
    roundDone(true)
    if (pending.size === 0 && !rescan && options.onSettled) {
      try {
        await options.onSettled({ written: commit.written })
      } catch (error) {
        log.error(`after the round: ${(error as Error).message}`)
      }
    }
  }

  let failedRounds = 0
  let fatal = false
  /** Runs `work` after what is running; a throw is logged, retried, and after repeated failures fatal. */
  const serial = (work: () => Promise<boolean>, retry: () => void) => {
    running = running.then(async () => {
      if (stopping || fatal) return
      try {
        // A run that found nothing to do proves nothing: only work done resets the count.
        const did = await work()
        if (did) failedRounds = 0
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error))
        failedRounds++
        log.error(`round failed: ${err.stack ?? err.message}`)
        roundDone(false)
        if (failedRounds >= MAX_FAILED_ROUNDS) {
          fatal = true
          log.error(`${failedRounds} rounds in a row failed; stopping so that a supervisor can restart berth`)
          options.onFatal?.(err)
          return
        }
        const timer = setTimeout(
          () => {
            retries.delete(timer)
            retry()
          },
          (options.roundRetryMs ?? WRITE_RETRY_MS) * 2 ** (failedRounds - 1),
        )
        retries.add(timer)
      }
    })
    return running
  }

  const kick = (): Promise<void> =>
    serial(
      async () => {
        let ran = false
        while (!stopping && !fatal && (pending.size > 0 || rescan)) {
          ran = true
          const before = new Set(pending)
          try {
            await round()
          } catch (error) {
            // What this round was about is still owed: look at it again on the retry.
            for (const p of before) pending.add(p)
            rescan = true
            throw error
          }
        }
        return ran
      },
      () => void kick(),
    )

  const scheduleRequeue = () => {
    if (requeueTimer) clearTimeout(requeueTimer)
    const delay = manager.nextDelay()
    if (delay === undefined || stopping) return
    requeueTimer = setTimeout(() => {
      void serial(
        () => settle([]).then(() => true),
        () => scheduleRequeue(),
      )
    }, delay)
  }

  const batcher = createBatcher((paths) => {
    for (const p of paths) pending.add(p)
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
          if (contents.changed(p)) batcher.add('')
        },
        onRescan: () => {
          rescan = true
          batcher.add('')
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
  const initial = await readTree(dir)
  applyFiles(
    initial.files.map((f) => ({ path: f.path, text: f.text })),
    initial.diagnostics,
  )
  manager.enqueueAll()
  await serial(
    () => settle(initial.files.map((f) => f.path)).then(() => true),
    () => {
      rescan = true
      void kick()
    },
  )
  await kick()
  await cache.save()
  const invalid = tree.invalid().size
  log.info(
    `watching ${dir}: ${initial.files.length} files, ${store.list('Service').length} services${invalid ? `, ${invalid} invalid files` : ''}`,
  )
  const resync = setInterval(() => {
    rescan = true
    manager.enqueueAll('resync')
    void kick()
  }, options.resyncMs ?? 300_000)
  resync.unref()

  return {
    async stop() {
      stopping = true
      clearInterval(resync)
      if (requeueTimer) clearTimeout(requeueTimer)
      for (const timer of retries) clearTimeout(timer)
      batcher.cancel()
      await watcher?.close()
      await running
      manager.stop()
    },
    async idle() {
      const flushed = batcher.take()
      for (const p of flushed) pending.add(p)
      await kick()
    },
  }
}
