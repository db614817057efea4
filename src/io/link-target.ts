import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * Where a status write to `abs` goes: the file itself, or, for a symlink to a
 * file inside the manifest directory, that file (replaced atomically in its
 * own folder, so the link stays a link). A link that leaves the directory or
 * dangles is returned as it is, and the write refuses it.
 */
export async function writeTarget(realRoot: string, abs: string): Promise<string> {
  const stat = await fs.lstat(abs).catch(() => undefined)
  if (!stat?.isSymbolicLink()) return abs
  const target = await fs.realpath(abs).catch(() => undefined)
  if (!target) return abs
  const rel = path.relative(realRoot, target)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? target : abs
}
