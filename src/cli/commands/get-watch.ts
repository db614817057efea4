import { watchTree } from '../../daemon/file-watcher.js'
import type { AnyResource } from '../../model/resource.js'
import type { ReadStore } from '../../store/store.js'
import type { App } from '../app.js'
import { toManifestObject } from '../output/manifest-object.js'
import { readDirectory } from './read-directory.js'

/** A burst of saves (an editor, a `git pull`, the daemon's status writes) is read once. */
const SETTLE_MS = 100

/**
 * `get --watch`: after the first listing, re-reads the directory whenever a
 * manifest changes and hands over the resources that are new or differ (spec,
 * labels or status) from what was printed last. Invalid files are reported as
 * `file:line:col` and the watch goes on. Returns on SIGINT or SIGTERM.
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
  const reread = async () => {
    const { store } = await readDirectory(app, { dir: options.dir })
    const now = options.pick(store)
    const changed = now.filter((r) => printed.get(r.name) !== signature(r))
    const names = new Set(now.map((r) => r.name))
    for (const name of printed.keys()) if (!names.has(name)) printed.delete(name)
    for (const r of changed) printed.set(r.name, signature(r))
    if (changed.length > 0) options.print(changed)
  }
  const schedule = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      reading = reading
        .then(reread)
        .catch((error: unknown) => app.io.err(`berth: ${(error as Error).message}\n`))
    }, SETTLE_MS)
  }
  const watcher = await watchTree(options.dir, {
    onPath: schedule,
    onRescan: schedule,
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
