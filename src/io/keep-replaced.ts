import { closeSync, fstatSync, readFileSync, readSync, renameSync, type Stats, writeFileSync } from 'node:fs'

/**
 * How long berth watches the file it replaced after a write. A person's in-place save that
 * opened the file before berth's rename and writes after it lands in that replaced file;
 * within this time it is noticed and put back. Only a save whose open and write are further
 * apart than this can still be lost.
 */
export const KEEP_MS = 1000

/**
 * At most this many replaced files are held open at once (each costs a descriptor): a burst of
 * thousands of writes under `ulimit -n 1024` finishes the oldest watches early instead.
 */
const MAX_KEPT = 128

/** How often the held files are looked at: one timer for all of them, no watch per file. */
const POLL_MS = 50

/**
 * A file modified this recently before berth checked it is read at every look, not trusted on
 * its size and modification time: a save within the file system's timestamp granularity of the
 * one before it (a tick of the kernel's clock; 1–2 s on ext3 or FAT) may leave both unchanged.
 */
const RECENT_MS = 2500

/** A replaced file berth holds by descriptor: what it held when checked, and what berth wrote. */
export interface ReplacedFile {
  /** Open for reading on the replaced file, which has no name left; the keeper closes it. */
  readonly fd: number
  /** `fstat` of `fd` taken before its content was read and found equal to `expected`. */
  readonly stat: Stats
  readonly expected: Buffer
  /** The path berth replaced, and what it wrote there. */
  readonly path: string
  readonly data: Buffer
  /** A name in the same folder for the copy put back (renamed over `path`). */
  readonly spare: string
}

/** A replaced file being held: until when, a quick look, and the final check that lets it go. */
interface Held {
  readonly until: number
  readonly look: () => void
  readonly finish: () => void
}

/** Replaced files still held, oldest first; an exiting process finishes them at once. */
const held = new Set<Held>()
let poll: NodeJS.Timeout | undefined
let exitHook = false

/**
 * Watches the file berth replaced, by descriptor, for `KEEP_MS`: a person's save that went
 * into it after berth's check (their editor opened it before the rename) is copied back to the
 * path as soon as it is seen — atomically, and only while the path still holds what berth (or
 * the last copy back) wrote, so a newer save wins as it is. One timer looks at every held
 * file every `POLL_MS` (its size and modification time; its bytes when it was modified
 * recently), and each file is read in full when its time is up. The timer does not hold the
 * process open: a one-shot command that exits sooner makes the final checks, synchronously, on
 * its way out.
 */
export function keepReplaced(file: ReplacedFile): void {
  for (const oldest of held) {
    if (held.size < MAX_KEPT) break
    oldest.finish()
  }
  const { fd, path } = file
  const mode = file.stat.mode & 0o7777
  const trustStat = Date.now() - file.stat.mtimeMs > RECENT_MS
  let seen = file.expected
  let onPath = file.data
  const changed = () => {
    if (!trustStat || seen !== file.expected) return true
    const now = fstatSync(fd)
    return now.size !== file.stat.size || now.mtimeMs !== file.stat.mtimeMs
  }
  const check = (full: boolean) => {
    try {
      if (!full && !changed()) return
      const now = readAll(fd)
      if (now.equals(seen) || !readFileSync(path).equals(onPath)) return
      writeFileSync(file.spare, now, { mode })
      renameSync(file.spare, path)
      seen = now
      onPath = now
    } catch {
      // The folder went away or became read-only: nothing left to put back.
    }
  }
  const entry: Held = {
    until: Date.now() + KEEP_MS,
    look: () => check(false),
    finish: () => {
      if (!held.delete(entry)) return
      check(true)
      closeSync(fd)
      if (held.size === 0 && poll) {
        clearInterval(poll)
        poll = undefined
      }
    },
  }
  held.add(entry)
  if (!poll) {
    poll = setInterval(lookAtAll, POLL_MS)
    poll.unref()
  }
  if (!exitHook) {
    exitHook = true
    process.on('exit', () => {
      for (const h of [...held]) h.finish()
    })
  }
}

function lookAtAll(): void {
  const now = Date.now()
  for (const h of held) {
    if (now >= h.until) h.finish()
    else h.look()
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
