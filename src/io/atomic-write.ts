import { randomBytes } from 'node:crypto'
import {
  closeSync,
  type FSWatcher,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  watch,
  writeFileSync,
} from 'node:fs'
import { type FileHandle, link, lstat, open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { gitBusy } from './git-busy.js'

/** Marks berth's temporary files: a watcher ignores them, `cleanTempFiles` removes leftovers. */
export const tempMarker = '.berth-tmp-'

/**
 * How long berth watches the file it replaced after a write. A person's in-place save that
 * opened the file before berth's rename and writes after it lands in that replaced file;
 * within this time it is noticed and put back. Only a save whose open and write are further
 * apart than this can still be lost.
 */
export const KEEP_MS = 1000

/** Options of `writeFileAtomic`. */
export interface AtomicWriteOptions {
  /** The bytes berth read; when the file now holds anything else, nothing is written. */
  readonly expected?: string | Buffer
  /** The file's mode whatever the umask or the mode it had (a secret's copy: 0o600). */
  readonly mode?: number
}

/**
 * Replaces a file's content atomically: writes a temporary file in the same folder, fsyncs
 * it, gives it the original's mode (and owner when allowed), renames it over the target and
 * fsyncs the folder. Returns 'conflict' without writing when `expected` is given and the file
 * changed (or vanished) since it was read, or a git command is changing the tree (`gitBusy`).
 * Throws for a symlink or a non-regular file: berth never writes through a link.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<'written' | 'conflict'> {
  const before = await currentFile(path)
  if (opts.expected !== undefined && !(await holds(path, opts.expected))) return 'conflict'
  const temp = join(
    dirname(path),
    `.${basename(path)}${tempMarker}${process.pid}-${randomBytes(6).toString('hex')}`,
  )
  try {
    // A new file gets 0o666 less the umask, as `writeFile` would; an existing one keeps its own.
    const handle = await open(temp, 'wx', before ? 0o600 : 0o666)
    try {
      if (before) await keepOwnership(handle, before)
      if (opts.mode !== undefined) await handle.chmod(opts.mode)
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    // Re-check right before the rename: the window for a person's save is now a few syscalls.
    await currentFile(path)
    if (opts.expected !== undefined && (gitBusy(path) || !(await holds(path, opts.expected)))) {
      await unlink(temp)
      return 'conflict'
    }
    if (
      opts.expected !== undefined &&
      (await replaceKeepingOld(temp, path, opts.expected, data)) === 'conflict'
    )
      return 'conflict'
    if (opts.expected === undefined) await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await syncFolder(dirname(path))
  return 'written'
}

/**
 * Renames `temp` over `path` while a second name keeps the file that was checked. A person's
 * in-place save that lands between the check and the rename went into that old file: it is put
 * back (when `path` still holds berth's bytes) and the write reports a conflict, so nothing the
 * person saved is lost. Without hard links, a plain rename.
 */
async function replaceKeepingOld(
  temp: string,
  path: string,
  expected: string | Buffer,
  data: string | Uint8Array,
): Promise<'written' | 'conflict'> {
  const kept = `${temp}-old`
  const linked = await link(path, kept).then(
    () => true,
    () => false,
  )
  let keepWatching = false
  try {
    await rename(temp, path)
    if (!linked || (await holds(kept, expected))) {
      keepWatching = linked
      return 'written'
    }
    if (await holds(path, data)) await rename(kept, path)
    return 'conflict'
  } finally {
    // Held by a descriptor, not a name: nothing of berth's stays visible in the folder (git).
    if (keepWatching) keepForAWhile(kept, path, expected, data)
    if (linked) await unlink(kept).catch(() => undefined)
  }
}

/** Replaced files still watched, oldest first, each with its final check; an exiting process runs them at once. */
const keeping = new Set<() => void>()
let exitHook = false
/**
 * At most this many replaced files are held open at once (each costs a descriptor): a burst of
 * thousands of writes under `ulimit -n 1024` finishes the oldest watches early instead.
 */
const MAX_KEPT = 128

/**
 * Watches the file berth replaced, by descriptor, for `KEEP_MS`: a person's save that went
 * into it after berth's check (their editor opened it before the rename) is copied back to
 * the path as soon as it is seen — atomically, and only while the path still holds what berth
 * (or the last copy back) wrote, so a newer save wins as it is. Neither the timer nor the
 * watch holds the process open: a one-shot command that exits sooner makes the same check,
 * synchronously, on its way out.
 */
function keepForAWhile(
  kept: string,
  path: string,
  expected: string | Buffer,
  data: string | Uint8Array,
): void {
  for (const oldest of keeping) {
    if (keeping.size < MAX_KEPT) break
    oldest()
  }
  let fd: number
  let watcher: FSWatcher | undefined
  try {
    fd = openSync(kept, 'r')
    watcher = watch(kept, { persistent: false }, () => check())
    watcher.on('error', () => undefined)
  } catch {
    return
  }
  let seen: Buffer = Buffer.from(expected)
  let onPath: Buffer = Buffer.from(data)
  const mode = fstatSync(fd).mode & 0o7777
  const check = () => {
    try {
      const now = readAll(fd)
      if (now.equals(seen) || !readFileSync(path).equals(onPath)) return
      const tmp = `${kept}-back`
      writeFileSync(tmp, now, { mode })
      renameSync(tmp, path)
      seen = now
      onPath = now
    } catch {
      // The folder went away or became read-only: nothing left to put back.
    }
  }
  const done = () => {
    if (!keeping.delete(done)) return
    clearTimeout(timer)
    check()
    watcher?.close()
    closeSync(fd)
  }
  const timer = setTimeout(done, KEEP_MS)
  timer.unref()
  keeping.add(done)
  check()
  if (!exitHook) {
    exitHook = true
    process.on('exit', () => {
      for (const finish of [...keeping]) finish()
    })
  }
}

function readAll(fd: number): Buffer {
  const size = fstatSync(fd).size
  const buffer = Buffer.alloc(size)
  let read = 0
  while (read < size) {
    const n = readSync(fd, buffer, read, size - read, read)
    if (n === 0) break
    read += n
  }
  return buffer.subarray(0, read)
}

/**
 * Removes berth's temporary files left under `dir` by a crash, recursively, without following
 * symlinks or entering `.git` and `node_modules`. Returns the removed paths.
 */
export async function cleanTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && entry.name !== '.git' && entry.name !== 'node_modules') {
      removed.push(...(await cleanTempFiles(path)))
    } else if (entry.isFile() && entry.name.startsWith('.') && entry.name.includes(tempMarker)) {
      await unlink(path)
      removed.push(path)
    }
  }
  return removed
}

/** A target berth never writes through (a symlink, a non-regular file): trying again cannot help. */
export class RefusedWriteError extends Error {}

interface FileIdentity {
  readonly mode: number
  readonly uid: number
  readonly gid: number
}

/** The target's mode and owner, or undefined when it does not exist; throws for a link. */
async function currentFile(path: string): Promise<FileIdentity | undefined> {
  const stat = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (!stat) return undefined
  if (stat.isSymbolicLink()) throw new RefusedWriteError(`refusing to write through symlink ${path}`)
  if (!stat.isFile()) throw new RefusedWriteError(`refusing to write ${path}: not a regular file`)
  return { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid }
}

async function holds(path: string, expected: string | Uint8Array): Promise<boolean> {
  const current = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  return current?.equals(Buffer.from(expected)) === true
}

/** Gives the temporary file the target's mode, and its owner when the process may. */
async function keepOwnership(handle: FileHandle, before: FileIdentity): Promise<void> {
  await handle.chmod(before.mode)
  const stat = await handle.stat()
  if (stat.uid !== before.uid || stat.gid !== before.gid) {
    // Only root (or the owner, for its own groups) may do this; otherwise the write goes on.
    await handle.chown(before.uid, before.gid).catch(() => undefined)
  }
}

/** Makes the rename durable; some platforms cannot open or fsync a folder, which is fine. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined)
  if (!handle) return
  await handle.sync().catch(() => undefined)
  await handle.close()
}
