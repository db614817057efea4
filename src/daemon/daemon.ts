import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { controllers } from '../../controllers/index.js'
import { commitWrites } from '../engine/commit-writes.js'
import { planWrites } from '../engine/plan-writes.js'
import { cleanTempFiles } from '../io/atomic-write.js'
import { readTree } from '../io/read-tree.js'
import type { SchemaValidator } from '../load/to-resource.js'
import type { Diagnostic } from '../model/diagnostic.js'
import { formatDiagnostic } from '../model/diagnostic.js'
import type { Registry } from '../plugins/registry.js'
import type { Clock } from '../runtime/clock.js'
import { createManager } from '../runtime/manager.js'
import type { Store } from '../store/store.js'
import { createStore } from '../store/store.js'
import { createView } from '../view/view.js'
import { createBatcher } from './batcher.js'
import { logChange } from './change-log.js'
import type { FileWatcher } from './file-watcher.js'
import { watchTree } from './file-watcher.js'
import type { Logger } from './logger.js'
import { readChanges, rescanPaths } from './read-changes.js'
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

/**
 * The watch daemon: loads the tree, reconciles, then follows every change.
 * Bursts are batched into one round; berth's own writes are recognised by
 * content and cause no round; a file that stops parsing keeps its last good
 * content in force; the work of a round follows the files that changed.
 */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { dir, log } = options
  const realRoot = await realpath(dir)
  const store = options.store ?? createStore()
  const view = createView(store)
  const tree = createTreeState(store, options.validator)
  const manager = createManager({
    store,
    view,
    controllers,
    registry: options.registry,
    clock: options.clock,
  })
  // Status changes are what berth did; spec changes are what the person did, already known to them.
  store.subscribe((change) => {
    if (change.statusOnly || !change.after) logChange(change, log)
  })

  const pending = new Set<string>()
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

  const round = async () => {
    const paths = [...pending]
    pending.clear()
    if (rescan) {
      rescan = false
      paths.push(...(await rescanPaths(dir, tree)))
    }
    const { changes, problems } = await readChanges(dir, realRoot, tree, [...new Set(paths)])
    report(problems)
    const update = tree.update(changes)
    report(update.diagnostics)
    // Files re-read with unchanged content are candidates too: a write that met a conflict is
    // still owed when the file went back to the bytes berth last saw (an undo, a checkout back).
    await settle([...new Set([...update.files, ...changes.map((c) => c.path)])])
  }

  /** Reconciles what is queued and writes the statuses that changed. */
  const settle = async (changedFiles: readonly string[]) => {
    const pass = await manager.runToFixedPoint()
    for (const [key, error] of pass.failed) log.error(`reconcile ${key} failed: ${error.message}`, { key })
    for (const key of pass.stalled) log.warn(`${key} did not settle; stopped after repeated changes`, { key })
    const candidates = new Set(changedFiles)
    for (const key of pass.changed) {
      const file = tree.fileOf(key)
      if (file) candidates.add(file)
    }
    const files = [...candidates].sort().flatMap((p) => tree.writable(p) ?? [])
    const { writes, unwritable } = planWrites(files, store)
    for (const u of unwritable) log.error(`${path.join(dir, u.path)}: cannot write status: ${u.message}`)
    const commit = await commitWrites(dir, writes)
    const texts = new Map(writes.map((w) => [w.path, w.after]))
    for (const f of commit.written) {
      const text = texts.get(f)
      if (text !== undefined) tree.wrote(f, text)
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
    for (const f of commit.conflicts) {
      const n = (conflicts.get(f) ?? 0) + 1
      conflicts.set(f, n)
      if (n <= MAX_CONFLICTS) pending.add(f)
      else
        log.warn(
          `${path.join(dir, f)}: keeps changing while berth writes its status; giving up until the next change`,
        )
    }
    scheduleRequeue()
    if (pending.size === 0 && !rescan && options.onSettled) {
      try {
        await options.onSettled({ written: commit.written })
      } catch (error) {
        log.error(`after the round: ${(error as Error).message}`)
      }
    }
  }

  const kick = () => {
    running = running.then(async () => {
      while (!stopping && (pending.size > 0 || rescan)) {
        try {
          await round()
        } catch (error) {
          log.error(`round failed: ${(error as Error).stack ?? error}`)
        }
      }
    })
    return running
  }

  const scheduleRequeue = () => {
    if (requeueTimer) clearTimeout(requeueTimer)
    const delay = manager.nextDelay()
    if (delay === undefined || stopping) return
    requeueTimer = setTimeout(() => {
      running = running.then(() => settle([]))
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
  report(initial.diagnostics)
  const first = tree.update(initial.files.map((f) => ({ path: f.path, text: f.text })))
  report(first.diagnostics)
  manager.enqueueAll()
  running = settle(initial.files.map((f) => f.path))
  await kick()
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
