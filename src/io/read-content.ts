import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { ContentFacts } from '../model/resource.js'

/** Docker's limits: secrets up to 500 KiB, configs up to 1000 KiB. */
export const MAX_CONTENT_BYTES = { Secret: 500 * 1024, Config: 1000 * 1024 } as const

/**
 * Reads a Secret's or Config's content file (`rel`, relative to the manifest
 * directory) and returns what may be told about it: its sha256 digest and
 * size, or why it cannot be used. The bytes never leave this function, and no
 * detail quotes them. A symlink is followed only when it stays inside the
 * directory. Synchronous: content files are small, and the callers
 * (the loader's edges) are synchronous.
 */
export function readContentFacts(root: string, rel: string, max: number): ContentFacts {
  const abs = path.join(root, rel)
  try {
    const realRoot = fs.realpathSync(root)
    const real = fs.realpathSync(abs)
    const inside = path.relative(realRoot, real)
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside))
      return { problem: 'outside', detail: `${rel} leads outside the manifest directory; not followed` }
    const stat = fs.statSync(real)
    if (!stat.isFile()) return { problem: 'not-a-file', detail: `${rel} is not a regular file` }
    if (stat.size > max)
      return { problem: 'too-large', detail: `${rel} is ${stat.size} bytes; the limit is ${max}` }
    const bytes = fs.readFileSync(real)
    if (bytes.length === 0) return { problem: 'empty', detail: `${rel} is empty` }
    if (bytes.length > max)
      return { problem: 'too-large', detail: `${rel} is ${bytes.length} bytes; the limit is ${max}` }
    return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'not-found', detail: `${rel} not found` }
    return { problem: 'unreadable', detail: `${rel} cannot be read (${code ?? 'error'})` }
  }
}
