import type { Daemon, DaemonOptions } from '../daemon/daemon.js'
import { startDaemon } from '../daemon/daemon.js'
import { loadDesired } from '../engine/load-only.js'
import type { ResourceKey } from '../model/kinds.js'
import type { ObjectStore } from '../store/contract.js'
import { openMirror } from '../store/mirror.js'
import { syncDesired } from './sync.js'

export interface LeadOptions extends Omit<DaemonOptions, 'store'> {
  /** The store, its writes fenced by this leader's lease. */
  readonly objects: ObjectStore
  /** A write was refused: the lease no longer holds the leader key. */
  readonly onFenced: (key: ResourceKey) => void
  /** The watch on etcd broke for good: this term's copy of etcd is stale. */
  readonly onBroken: (error: Error) => void
}

/**
 * The leader's work: the usual daemon over the directory, with etcd's mirror
 * as its store. What etcd holds comes in first (status, generations); the
 * directory's desired state is synced over it (what the directory no longer
 * defines is removed); every change then goes out to etcd as a fenced
 * compare-and-swap, and status still goes into the files.
 */
export async function startLeading(options: LeadOptions): Promise<Daemon> {
  const mirror = await openMirror(options.objects, {
    mode: 'write',
    onFenced: options.onFenced,
    onBroken: options.onBroken,
    onError: (key, error) =>
      options.log.error(`etcd: writing ${key} failed: ${error.message}; retrying in 1 s`),
  })
  const tree = await loadDesired(options)
  if (tree.diagnostics.length === 0) {
    const { removed } = syncDesired(tree.resources, mirror.store)
    if (removed > 0)
      options.log.info(`removed ${removed} resources from etcd that the directory no longer defines`)
  } else {
    // An invalid file's resources are missing from the tree: removing them would evict their tasks.
    options.log.warn('the directory has invalid files: nothing is removed from etcd until they are fixed')
  }
  const { objects: _objects, onFenced: _onFenced, onBroken: _onBroken, ...daemonOptions } = options
  const daemon = await startDaemon({ ...daemonOptions, store: mirror.store })
  return {
    idle: async () => {
      await daemon.idle()
      await mirror.flush()
    },
    async stop() {
      await daemon.stop()
      await mirror.flush()
      await mirror.close()
    },
  }
}
