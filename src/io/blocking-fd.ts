import { readSync, writeSync } from 'node:fs'

/**
 * Blocking reads and writes on a file descriptor, for a process that talks to one peer in
 * strict turns (git's filter protocol): no event-loop turn per chunk, so a request's
 * packets are answered as soon as they arrive. A descriptor someone left non-blocking is
 * waited on in 1 ms sleeps.
 */

const pause = new Int32Array(new SharedArrayBuffer(4))

function again(error: unknown): boolean {
  if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return false
  Atomics.wait(pause, 0, 0, 1)
  return true
}

/** The bytes of `fd` as they arrive, until end of input. */
export function* blockingChunks(fd: number, size = 1 << 16): Generator<Buffer> {
  const buffer = Buffer.allocUnsafe(size)
  for (;;) {
    let n: number
    try {
      n = readSync(fd, buffer, 0, size, null)
    } catch (error) {
      if (again(error)) continue
      if ((error as NodeJS.ErrnoException).code === 'EOF') return
      throw error
    }
    if (n === 0) return
    yield Buffer.from(buffer.subarray(0, n))
  }
}

/** Writes all of `bytes` to `fd`. */
export function writeAll(fd: number, bytes: Buffer): void {
  let at = 0
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at)
    } catch (error) {
      if (!again(error)) throw error
    }
  }
}
