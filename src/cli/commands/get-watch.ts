import { watchTree } from '../../daemon/file-watcher.js'
import type { AnyResource } from '../../model/resource.js'
import type { ReadStore } from '../../store/store.js'
import type { App } from '../app.js'
import { toManifestObject } from '../output/manifest-object.js'
import { followDirectory } from './follow-directory.js'

/** A burst of saves (an editor, a `git pull`, the daemon's status writes) is read once. */
const SETTLE_MS = 100

/**
 * `get --watch`: after the first listing, reads again the manifests that changed (the
 * whole directory when a folder came or went) and hands over the resources that are new
 * or differ (spec, labels or status) from what was printed last. Invalid files are
 * reported as `file:line:col` and the watch goes on. Returns on SIGINT or SIGTERM.
 */
export async function watchGet(
  app: App,
  options: {
    dir: string
    initial: readonly AnyResource[]
    pick: (store: ReadStore) => readonly AnyResource[]
    print: (changed: readonly AnyResource[]) => void
  },
): Promise<void> {
  const printed = new Map(options.initial.map((r) => [r.name, signature(r)]))
  let timer: NodeJS.Timeout | undefined
  let reading: Promise<void> = Promise.resolve()
  const directory = await followDirectory(app, options.dir)
  /** What to read on the next settle: the files named since the last read, or all of them. */
  let pending: Set<string> | 'all' = 'all'
  const reread = async () => {
    const named = pending === 'all' ? undefined : [...pending]
    pending = new Set()
    // A read that failed (the folder gone for a moment) is followed by a whole one.
    const { store } = await directory.read(named).catch((error: unknown) => {
      pending = 'all'
      throw error
    })
    const now = options.pick(store)
    const changed = now.filter((r) => printed.get(r.name) !== signature(r))
    const names = new Set(now.map((r) => r.name))
    for (const name of printed.keys()) if (!names.has(name)) printed.delete(name)
    for (const r of changed) printed.set(r.name, signature(r))
    if (changed.length > 0) options.print(changed)
  }
  const schedule = (rel?: string) => {
    if (rel === undefined) pending = 'all'
    else if (pending !== 'all') pending.add(rel)
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      reading = reading
        .then(reread)
        .catch((error: unknown) => app.io.err(`berth: ${(error as Error).message}\n`))
    }, SETTLE_MS)
  }
  const watcher = await watchTree(options.dir, {
    onPath: (rel) => schedule(rel),
    onRescan: () => schedule(),
    onError: (error) => app.io.err(`berth: watching ${options.dir}: ${error.message}\n`),
  })
  // A change between the first listing and the watcher being ready is not lost.
  schedule()
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  if (timer) clearTimeout(timer)
  await watcher.close()
  await reading
}

function signature(resource: AnyResource): string {
  return JSON.stringify(toManifestObject(resource))
}
