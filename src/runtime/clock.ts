/** The runtime's clock: wall time for conditions, a monotonic-ish counter for the queue. */
export interface Clock {
  readonly iso: () => string
  readonly ms: () => number
  /**
   * Wall-clock milliseconds for due times that outlive the process (the next
   * batch of a rolling update). Never pinned: a delay must elapse even when
   * the times written into status are.
   */
  readonly wall: () => number
}

/**
 * The system clock. `SOURCE_DATE_EPOCH` (seconds), the reproducible-builds
 * convention, pins the time written into status, so two runs over the same
 * input write identical files.
 */
export function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.SOURCE_DATE_EPOCH
  const fixed = pinned && /^\d+$/.test(pinned) ? new Date(Number(pinned) * 1000).toISOString() : undefined
  return {
    iso: () => (fixed ?? new Date().toISOString()).replace(/\.\d{3}Z$/, 'Z'),
    ms: () => performance.now(),
    wall: () => Date.now(),
  }
}
