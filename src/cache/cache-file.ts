/**
 * The parse cache on disk: `<manifest dir>/.berth/parse-cache.json`, two lines. The first is
 * a header (format, version key, the checksum of the second line); the second the entries.
 * A file whose header, version key or checksum does not match is ignored as a whole: a
 * truncated, corrupted or foreign cache costs a re-parse, never a wrong result. Written to a
 * temporary file in the same folder and renamed over, so a reader (or a second berth) sees
 * a whole old file or a whole new one.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

export const CACHE_DIR = '.berth'
export const CACHE_FILE = 'parse-cache.json'
const FORMAT = 'berth-parse-cache'

interface Header {
  readonly format: string
  readonly key: string
  readonly checksum: string
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export function cachePath(dir: string): string {
  return path.join(dir, CACHE_DIR, CACHE_FILE)
}

/** The entries stored under `key`, or undefined when there is no usable cache. */
export async function readCacheFile(dir: string, key: string): Promise<unknown | undefined> {
  let text: string
  try {
    text = await readFile(cachePath(dir), 'utf8')
  } catch {
    return undefined
  }
  const nl = text.indexOf('\n')
  if (nl < 0) return undefined
  try {
    const header = JSON.parse(text.slice(0, nl)) as Partial<Header>
    const body = text.slice(nl + 1)
    if (header.format !== FORMAT || header.key !== key || header.checksum !== sha256(body)) return undefined
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}

/** Replaces the cache atomically; a cache that cannot be written is simply not written. */
export async function writeCacheFile(dir: string, key: string, entries: unknown): Promise<boolean> {
  const file = cachePath(dir)
  const body = JSON.stringify(entries)
  const header: Header = { format: FORMAT, key, checksum: sha256(body) }
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await mkdir(path.dirname(file), { recursive: true })
    // The folder ignores itself in git: nothing of the cache ever shows as a change.
    await writeFile(path.join(path.dirname(file), '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined)
    await writeFile(temp, `${JSON.stringify(header)}\n${body}`)
    await rename(temp, file)
    await removeOldTemps(path.dirname(file))
    return true
  } catch {
    await rm(temp, { force: true }).catch(() => undefined)
    return false
  }
}

/** A temporary file this old was left by a berth that died mid-write (a live one renames in ms). */
const STALE_TEMP_MS = 10 * 60_000

async function removeOldTemps(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[])
  for (const name of names) {
    if (!name.startsWith(CACHE_FILE) || !name.endsWith('.tmp')) continue
    const file = path.join(folder, name)
    const info = await stat(file).catch(() => undefined)
    if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS)
      await rm(file, { force: true }).catch(() => undefined)
  }
}
