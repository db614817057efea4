/**
 * A keyed work queue in client-go's manner: a key waits at most once
 * (dedupe), lower lanes go first (the manager puts upstream kinds before
 * downstream ones, and a periodic full scan behind fresh changes), failures
 * back off per key (5 ms doubling, capped), and `addAfter` delays a key.
 * Time is read only through the given clock.
 */
export interface WorkQueue {
  /** Queues a key in a lane (0 first); a key already waiting moves to the lower lane. */
  add(key: string, lane?: number): void
  addAfter(key: string, delayMs: number): void
  /**
   * Records a failure and schedules a retry; returns the delay and the attempt
   * number, or undefined (and forgets the key) past `maxAttempts`.
   */
  retry(key: string, maxAttempts?: number): { delayMs: number; attempt: number } | undefined
  /** Clears a key's failure count after it succeeds. */
  forget(key: string): void
  /** The next key that is ready now, removed from the queue. */
  next(): string | undefined
  /** Milliseconds until the earliest delayed key is ready, or undefined when none waits. */
  nextDelay(): number | undefined
  readonly size: number
  /** Every key waiting, ready or delayed. */
  keys(): IterableIterator<string>
}

export interface QueueOptions {
  readonly now: () => number
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
}

export function createWorkQueue(options: QueueOptions): WorkQueue {
  const base = options.baseDelayMs ?? 5
  const max = options.maxDelayMs ?? 30_000
  const lanes: Set<string>[] = []
  const laneOf = new Map<string, number>()
  const delayed = new Map<string, number>()
  const failures = new Map<string, number>()

  const add = (key: string, lane = 0) => {
    const current = laneOf.get(key)
    if (current !== undefined && current <= lane) return
    if (current !== undefined) lanes[current]?.delete(key)
    let set = lanes[lane]
    if (!set) lanes[lane] = set = new Set()
    set.add(key)
    laneOf.set(key, lane)
    delayed.delete(key)
  }
  const addAfter = (key: string, delayMs: number) => {
    if (laneOf.has(key)) return
    const at = options.now() + delayMs
    const current = delayed.get(key)
    if (current === undefined || at < current) delayed.set(key, at)
  }
  const promote = () => {
    if (delayed.size === 0) return
    const now = options.now()
    for (const [key, at] of delayed) {
      if (at <= now) {
        delayed.delete(key)
        add(key, 0)
      }
    }
  }
  const shift = () => {
    for (const set of lanes) {
      const first = set?.values().next()
      if (!set || !first || first.done) continue
      set.delete(first.value)
      laneOf.delete(first.value)
      return first.value
    }
    return undefined
  }
  return {
    add,
    addAfter,
    retry(key, maxAttempts = Number.POSITIVE_INFINITY) {
      const attempt = (failures.get(key) ?? 0) + 1
      if (attempt > maxAttempts) {
        failures.delete(key)
        return undefined
      }
      failures.set(key, attempt)
      const delayMs = Math.min(max, base * 2 ** (attempt - 1))
      addAfter(key, delayMs)
      return { delayMs, attempt }
    },
    forget: (key) => void failures.delete(key),
    next() {
      promote()
      return shift()
    },
    nextDelay() {
      if (delayed.size === 0) return undefined
      const earliest = Math.min(...delayed.values())
      return Math.max(0, earliest - options.now())
    },
    get size() {
      return laneOf.size + delayed.size
    },
    *keys() {
      yield* laneOf.keys()
      for (const key of delayed.keys()) if (!laneOf.has(key)) yield key
    },
  }
}
