import { constants } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Diagnostic } from '../model/diagnostic.js'
import { toRelative } from './manifest-paths.js'

/**
 * What people write is capped at 1 MiB, counted outside `status` by the
 * loader (`src/load/person-bytes.ts`). The status berth writes may take a file
 * past that (100,000 tasks are ~15 MB); this hard cap bounds what is read at all.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024
const MAX_FILE_TEXT = '64 MiB'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export type FileRead = { path: string; text: string } | { path: string; diagnostic: Diagnostic | undefined }

/**
 * Reads one manifest file safely: a symlink is followed only when it stays
 * inside the directory; size, NUL bytes and UTF-8 are checked before parsing.
 * A file that vanished meanwhile yields no diagnostic (it is simply gone).
 */
export async function readManifestFile(root: string, realRoot: string, abs: string): Promise<FileRead> {
  const rel = toRelative(root, abs)
  const refuse = (code: Diagnostic['code'], message: string): FileRead => ({
    path: rel,
    diagnostic: { file: rel, line: 1, col: 1, code, message },
  })
  try {
    // The file itself, as the I/O of a plain read costs (open, fstat, read, close); a symlink
    // is refused by the open and checked below.
    let handle = await openItself(abs)
    if (!handle) {
      const link = await fs.lstat(abs)
      if (link.isSymbolicLink()) {
        const target = await fs.realpath(abs).catch(() => undefined)
        if (!target || !isInside(realRoot, target))
          return refuse('symlink-escape', 'symlink points outside the manifest directory; not followed')
      }
      handle = await fs.open(abs, OPEN_FOLLOWING)
    }
    try {
      const stat = await handle.stat()
      if (!stat.isFile()) return { path: rel, diagnostic: undefined }
      if (stat.size > MAX_FILE_BYTES)
        return refuse(
          'file-too-large',
          `file is ${stat.size} bytes; manifests over ${MAX_FILE_TEXT} (status included) are refused`,
        )
      const bytes = await readToEnd(handle, stat.size)
      if (bytes.length > MAX_FILE_BYTES)
        return refuse(
          'file-too-large',
          `file is over ${MAX_FILE_TEXT} (it grew while read); manifests over ${MAX_FILE_TEXT} (status included) are refused`,
        )
      return decodeManifest(rel, bytes)
    } finally {
      await handle.close()
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: rel, diagnostic: undefined }
    return refuse('unreadable', `cannot read file: ${(error as Error).message}`)
  }
}

/** Never waits on a FIFO or a device (the stat that follows skips anything but a file). */
const OPEN_FOLLOWING = constants.O_RDONLY | constants.O_NONBLOCK

/**
 * Opens `abs` when it is not a symlink (`O_NOFOLLOW`); undefined when it is one, or when the
 * platform cannot tell at open.
 */
async function openItself(abs: string): Promise<FileHandle | undefined> {
  if (constants.O_NOFOLLOW === undefined) return undefined
  try {
    return await fs.open(abs, OPEN_FOLLOWING | constants.O_NOFOLLOW)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return undefined
    throw error
  }
}

/**
 * Reads an open file to its end, `size` (its fstat) being what is expected: one read when
 * it is so (one byte more is asked for, so a file that grew meanwhile is read on), stopping
 * once more than the cap has been read.
 */
async function readToEnd(handle: FileHandle, size: number): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(size + 1)
  let length = 0
  for (;;) {
    if (length === buffer.length) {
      if (length > MAX_FILE_BYTES) break
      const grown = Buffer.allocUnsafe(Math.min(length * 2, MAX_FILE_BYTES + 1))
      buffer.copy(grown, 0, 0, length)
      buffer = grown
    }
    const want = buffer.length - length
    const { bytesRead } = await handle.read(buffer, length, want, null)
    length += bytesRead
    // A regular file reads short only at its end.
    if (bytesRead < want) break
  }
  return buffer.subarray(0, length)
}

/** Decodes bytes as UTF-8 text, refusing binary content. */
export function decodeManifest(rel: string, bytes: Uint8Array): FileRead {
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    const before = bytes.subarray(0, nul)
    const line = before.filter((b) => b === 10).length + 1
    const col = nul - before.lastIndexOf(10)
    const message = 'binary file (contains a NUL byte); not a manifest'
    return { path: rel, diagnostic: { file: rel, line, col, code: 'binary-file', message } }
  }
  try {
    return { path: rel, text: utf8.decode(bytes) }
  } catch {
    return {
      path: rel,
      diagnostic: { file: rel, line: 1, col: 1, code: 'not-utf8', message: 'file is not valid UTF-8' },
    }
  }
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
}
