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
 * chokidar over the manifest directory, reporting only manifest files (hidden
 * files, editor leftovers and node_modules ignored; berth's temp files too) and never following symlinks.
 * Resolves once the initial scan is done.
 */
export async function watchTree(
  dir: string,
  handlers: WatchHandlers,
  options: { poll?: boolean } = {},
): Promise<FileWatcher> {
  // chokidar asks about every entry each time it re-reads a folder, and never
  // descends into an ignored one: judging the last segment is enough, and cheap.
  const root = path.resolve(dir)
  const ignored = (file: string, stats?: { isFile(): boolean }) => {
    if (file === root || file === dir) return false
    const name = path.basename(file)
    if (isIgnoredName(name) || name.includes(tempMarker)) return true
    return stats?.isFile() === true && !isManifestFile(name) && !handlers.onOtherFile
  }
  const watcher: FSWatcher = watch(dir, {
    ignored,
    ignoreInitial: true,
    followSymlinks: false,
    atomic: true,
    usePolling: options.poll === true,
    interval: 500,
  })
  const report = (file: string) => {
    const rel = toRelative(dir, file)
    if (isIgnoredPath(rel)) return
    if (isManifestFile(path.basename(file))) handlers.onPath(rel)
    else handlers.onOtherFile?.(rel)
  }
  watcher.on('add', report).on('change', report).on('unlink', report)
  watcher.on('unlinkDir', () => handlers.onRescan())
  watcher.on('addDir', (d) => {
    if (toRelative(dir, d) !== '') handlers.onRescan()
  })
  watcher.on('error', (error) => handlers.onError(error as NodeJS.ErrnoException))
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  return { close: () => watcher.close() }
}
