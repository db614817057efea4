import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { type FileHandle, link, lstat, open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { gitBusy } from './git-busy.js'
import { keepReplaced } from './keep-replaced.js'

/** Marks berth's temporary files: a watcher ignores them, `cleanTempFiles` removes leftovers. */
export const tempMarker = '.berth-tmp-'

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
  const result = await replaceFile(path, data, opts)
  if (result === 'written') await syncFolder(dirname(path))
  return result
}

/**
 * `writeFileAtomic` but for the folder's fsync, for a batch of writes that syncs each folder
 * once after its files' renames (`syncFolder`). Until then a crash can undo the rename, never
 * tear the file: the new content was fsynced before it got the name, so the name holds the
 * old bytes or the new ones.
 */
export async function replaceFile(
  path: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<'written' | 'conflict'> {
  const before = await currentFile(path)
  const expected = opts.expected === undefined ? undefined : Buffer.from(opts.expected)
  // A first look costs nothing: a file of another size (or gone) changed since it was read.
  // Its bytes are compared right before the rename.
  if (expected && before?.size !== expected.length) return 'conflict'
  const temp = join(dirname(path), `.${basename(path)}${tempMarker}${process.pid}-${tempSuffix()}`)
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
    if (!expected) {
      await rename(temp, path)
      return 'written'
    }
    // Re-check right before the rename: the window for a person's save is now a few syscalls.
    await currentFile(path)
    if (gitBusy(path) || !(await holds(path, expected))) {
      await unlink(temp)
      return 'conflict'
    }
    return await replaceKeepingOld(temp, path, expected, Buffer.from(data))
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
}

/** A random name part per process, then a counter: unique temporary names without a random draw per write. */
const tempBase = randomBytes(4).toString('hex')
let tempCount = 0
const tempSuffix = () => `${tempBase}${(tempCount++).toString(36)}`

const openFd = promisify(fs.open)
const fstatFd = promisify(fs.fstat)
const closeFd = promisify(fs.close)
const readFd = promisify(fs.read)

/**
 * Renames `temp` over `path` while a second name keeps the file that was checked. A person's
 * in-place save that lands between the check and the rename went into that old file: it is put
 * back (when `path` still holds berth's bytes) and the write reports a conflict, so nothing the
 * person saved is lost. The old file is then held by a descriptor, not a name, and watched for
 * a while (`keepReplaced`): nothing of berth's stays visible in the folder (git). A file gone
 * since the check (deleted or renamed away) is a conflict: the rename would bring it back.
 * Without hard links, a plain rename.
 */
export async function replaceKeepingOld(
  temp: string,
  path: string,
  expected: Buffer,
  data: Buffer,
): Promise<'written' | 'conflict'> {
  const kept = `${temp}-old`
  const linked = await link(path, kept).then(
    () => 'linked' as const,
    // Gone since the check (deleted, renamed away): a person's choice, never undone by a rename.
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? ('gone' as const) : ('no-links' as const)),
  )
  if (linked === 'gone') {
    await unlink(temp)
    return 'conflict'
  }
  if (linked === 'no-links') {
    await rename(temp, path)
    return 'written'
  }
  let fd: number | undefined
  try {
    await rename(temp, path)
    fd = await openFd(kept, 'r')
    const stat = await fstatFd(fd)
    if ((await readUpTo(fd, expected.length + 1)).equals(expected)) {
      keepReplaced({ fd, stat, expected, path, data, spare: `${kept}-back` })
      fd = undefined
      return 'written'
    }
    if (await holds(path, data)) await rename(kept, path)
    return 'conflict'
  } finally {
    if (fd !== undefined) await closeFd(fd).catch(() => undefined)
    await unlink(kept).catch(() => undefined)
  }
}

/**
 * The first `limit` bytes of an open regular file (all of it when shorter). A regular file
 * reads short only at its end, so a short read ends the loop without another read for the 0.
 */
async function readUpTo(fd: number, limit: number): Promise<Buffer> {
  const buffer = Buffer.alloc(limit)
  let at = 0
  while (at < limit) {
    const want = limit - at
    const { bytesRead } = await readFd(fd, buffer, at, want, at)
    at += bytesRead
    if (bytesRead < want) break
  }
  return buffer.subarray(0, at)
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

/** The target is a symbolic link (a caller may resolve one that stays inside its tree and write there). */
export class SymlinkRefusedError extends RefusedWriteError {}

interface FileIdentity {
  readonly size: number
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
  if (stat.isSymbolicLink()) throw new SymlinkRefusedError(`refusing to write through symlink ${path}`)
  if (!stat.isFile()) throw new RefusedWriteError(`refusing to write ${path}: not a regular file`)
  return { size: stat.size, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid }
}

/** Whether `path` holds exactly `expected` (false when it is gone); reads one byte more than that at most. */
async function holds(path: string, expected: Buffer): Promise<boolean> {
  const fd = await openFd(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (fd === undefined) return false
  try {
    return (await readUpTo(fd, expected.length + 1)).equals(expected)
  } finally {
    await closeFd(fd)
  }
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

/** Makes the renames in a folder durable; some platforms cannot open or fsync a folder, which is fine. */
export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined)
  if (!handle) return
  await handle.sync().catch(() => undefined)
  await handle.close()
}
