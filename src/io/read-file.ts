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
    const link = await fs.lstat(abs)
    if (link.isSymbolicLink()) {
      const target = await fs.realpath(abs).catch(() => undefined)
      if (!target || !isInside(realRoot, target))
        return refuse('symlink-escape', 'symlink points outside the manifest directory; not followed')
    }
    const stat = await fs.stat(abs)
    if (!stat.isFile()) return { path: rel, diagnostic: undefined }
    if (stat.size > MAX_FILE_BYTES)
      return refuse(
        'file-too-large',
        `file is ${stat.size} bytes; manifests over ${MAX_FILE_TEXT} (status included) are refused`,
      )
    const bytes = await fs.readFile(abs)
    if (bytes.length > MAX_FILE_BYTES)
      return refuse(
        'file-too-large',
        `file is ${bytes.length} bytes; manifests over ${MAX_FILE_TEXT} (status included) are refused`,
      )
    return decodeManifest(rel, bytes)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: rel, diagnostic: undefined }
    return refuse('unreadable', `cannot read file: ${(error as Error).message}`)
  }
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
