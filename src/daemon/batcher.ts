/** Timers, injected so tests can drive them. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface Batcher {
  add(path: string): void
  /** Something with no path of its own happened (a rescan is owed): flush as if a path came. */
  wake(): void
  /** Paths waiting, without waiting for the timer. */
  take(): string[]
  cancel(): void
}

/**
 * Collects paths from a burst of events and hands them over as one batch:
 * after `gapMs` without a new event, or `maxMs` after the first one at the
 * latest (Swarm's scheduler batches with 50 ms / 1 s). A `git pull` touching
 * 500 files is one batch.
 */
export function createBatcher(
  flush: (paths: string[]) => void,
  options: { gapMs?: number; maxMs?: number; timers?: Timers } = {},
): Batcher {
  const gap = options.gapMs ?? 50
  const max = options.maxMs ?? 1000
  const timers = options.timers ?? { setTimeout, clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) }
  let pending = new Set<string>()
  let woken = false
  let gapTimer: unknown
  let maxTimer: unknown
  const clear = () => {
    if (gapTimer !== undefined) timers.clearTimeout(gapTimer)
    if (maxTimer !== undefined) timers.clearTimeout(maxTimer)
    gapTimer = maxTimer = undefined
  }
  const take = () => {
    clear()
    const paths = [...pending]
    pending = new Set()
    woken = false
    return paths
  }
  const fire = () => {
    const wake = woken
    const paths = take()
    if (paths.length > 0 || wake) flush(paths)
  }
  const arm = () => {
    if (gapTimer !== undefined) timers.clearTimeout(gapTimer)
    gapTimer = timers.setTimeout(fire, gap)
    maxTimer ??= timers.setTimeout(fire, max)
  }
  return {
    add(path) {
      pending.add(path)
      arm()
    },
    wake() {
      woken = true
      arm()
    },
    take,
    cancel: clear,
  }
}
