import { type FSWatcher as NodeWatcher, watch as nodeWatch } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { FSWatcher } from 'chokidar'
import { watch } from 'chokidar'
import { tempMarker } from '../io/atomic-write.js'
import { isIgnoredName, isIgnoredPath, isManifestFile, toRelative } from '../io/manifest-paths.js'

export interface FileWatcher {
  close(): Promise<void>
}

export interface WatchHandlers {
  /** A manifest file was added, changed or removed (relative path). */
  onPath(relative: string): void
  /**
   * Any other file (not ignored) was added, changed or removed: a Secret's or
   * Config's content, perhaps. Without this handler such files are not watched.
   */
  onOtherFile?(relative: string): void
  /** A folder vanished, or events may have been missed: re-scan everything. */
  onRescan(): void
  onError(error: NodeJS.ErrnoException): void
}

/**
 * Watches the manifest directory, reporting only manifest files (hidden files, editor
 * leftovers and node_modules ignored; berth's temp files too) and never following symlinks.
 * Resolves once every folder is watched.
 *
 * One `fs.watch` per folder (inotify on Linux): an event names the entry that changed, so
 * an edit costs one report, whatever the size of its folder. (chokidar, used for `poll`,
 * lists the whole folder again and `lstat`s every entry in it on each event: a cost that
 * grew with the tree.) A folder that appears or vanishes asks for a rescan, as before.
 */
export async function watchTree(
  dir: string,
  handlers: WatchHandlers,
  options: { poll?: boolean } = {},
): Promise<FileWatcher> {
  return options.poll === true ? pollTree(dir, handlers) : watchFolders(dir, handlers)
}

/** How long a vanished file waits before it is reported: an editor's delete-and-write save folds into one change. */
const GONE_DELAY_MS = 100

/** Whether an entry's name keeps it (and, for a folder, all below it) out of the watch. */
function ignoredName(name: string): boolean {
  return isIgnoredName(name) || name.includes(tempMarker)
}

function report(dir: string, file: string, handlers: WatchHandlers): void {
  const rel = toRelative(dir, file)
  if (isIgnoredPath(rel)) return
  if (isManifestFile(path.basename(file))) handlers.onPath(rel)
  else handlers.onOtherFile?.(rel)
}

async function watchFolders(dir: string, handlers: WatchHandlers): Promise<FileWatcher> {
  const root = path.resolve(dir)
  const folders = new Map<string, NodeWatcher>()
  const pendingGone = new Set<NodeJS.Timeout>()
  let closed = false

  const unwatch = (folder: string) => {
    for (const [f, w] of folders)
      if (f === folder || f.startsWith(`${folder}${path.sep}`)) {
        w.close()
        folders.delete(f)
      }
  }
  const onEvent = (folder: string, name: string | null) => {
    if (closed) return
    if (name === null) return handlers.onRescan()
    const base = path.basename(name)
    if (ignoredName(base)) return
    const full = path.join(folder, name)
    if (folders.has(full)) {
      // A watched folder changed itself (renamed or removed): forget it, and look at everything.
      const gone = () => {
        unwatch(full)
        handlers.onRescan()
      }
      void lstat(full).then((s) => (s.isDirectory() ? undefined : gone()), gone)
      return
    }
    void lstat(full).then(
      (s) => {
        if (s.isDirectory()) {
          // A new folder: watch it and what is below it; a rescan reads what it holds.
          void add(full).then(() => handlers.onRescan())
        } else report(dir, full, handlers)
      },
      // Gone: removed or renamed away, or an editor's save that deletes and then writes anew.
      // Said a moment later (as chokidar's `atomic` did), so such a save is read as the new
      // file rather than as a removal; a real removal is read as missing then.
      () => {
        const timer = setTimeout(() => {
          pendingGone.delete(timer)
          if (!closed) report(dir, full, handlers)
        }, GONE_DELAY_MS)
        pendingGone.add(timer)
      },
    )
  }
  const add = async (folder: string): Promise<void> => {
    if (closed || folders.has(folder)) return
    let watcher: NodeWatcher
    try {
      watcher = nodeWatch(folder, { persistent: true }, (_event, name) => onEvent(folder, name))
    } catch (error) {
      const e = error as NodeJS.ErrnoException
      // A folder removed while being listed is no error; the rescan it causes finds it gone.
      if (e.code !== 'ENOENT') handlers.onError(e)
      return
    }
    watcher.on('error', (error: NodeJS.ErrnoException) => {
      unwatch(folder)
      if (error.code === 'ENOENT' || error.code === 'EPERM') handlers.onRescan()
      else handlers.onError(error)
    })
    folders.set(folder, watcher)
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
    await Promise.all(
      entries
        .filter((e) => e.isDirectory() && !ignoredName(e.name))
        .map((e) => add(path.join(folder, e.name))),
    )
  }
  await add(root)
  return {
    close: async () => {
      closed = true
      for (const timer of pendingGone) clearTimeout(timer)
      pendingGone.clear()
      for (const w of folders.values()) w.close()
      folders.clear()
    },
  }
}

/** chokidar polling the tree (where no file watches are left, or none work: network mounts). */
async function pollTree(dir: string, handlers: WatchHandlers): Promise<FileWatcher> {
  // chokidar asks about every entry each time it re-reads a folder, and never
  // descends into an ignored one: judging the last segment is enough, and cheap.
  const root = path.resolve(dir)
  const ignored = (file: string, stats?: { isFile(): boolean }) => {
    if (file === root || file === dir) return false
    const name = path.basename(file)
    if (ignoredName(name)) return true
    return stats?.isFile() === true && !isManifestFile(name) && !handlers.onOtherFile
  }
  const watcher: FSWatcher = watch(dir, {
    ignored,
    ignoreInitial: true,
    followSymlinks: false,
    atomic: true,
    usePolling: true,
    interval: 500,
  })
  const onFile = (file: string) => report(dir, file, handlers)
  watcher.on('add', onFile).on('change', onFile).on('unlink', onFile)
  watcher.on('unlinkDir', () => handlers.onRescan())
  watcher.on('addDir', (d) => {
    if (toRelative(dir, d) !== '') handlers.onRescan()
  })
  watcher.on('error', (error) => handlers.onError(error as NodeJS.ErrnoException))
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  return { close: () => watcher.close() }
}
