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

/** The last second an RFC 3339 timestamp (four-digit year) can name: 9999-12-31T23:59:59Z. */
const MAX_SOURCE_DATE_EPOCH = 253_402_300_799

/** A `SOURCE_DATE_EPOCH` berth cannot use: said once, before any work. */
export class ClockError extends Error {}

/**
 * The system clock. `SOURCE_DATE_EPOCH` (seconds), the reproducible-builds
 * convention, pins the time written into status, so two runs over the same
 * input write identical files. A value that is not whole seconds within
 * 0…9999-12-31T23:59:59Z is an error (`ClockError`), never a silent fallback
 * or a date berth would then refuse to read back.
 */
export function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.SOURCE_DATE_EPOCH
  const fixed = pinned ? pinnedTime(pinned) : undefined
  return {
    iso: () => fixed ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ms: () => performance.now(),
    wall: () => Date.now(),
  }
}

function pinnedTime(value: string): string {
  const expected = `expected whole seconds since 1970-01-01T00:00:00Z, from 0 to ${MAX_SOURCE_DATE_EPOCH} (9999-12-31T23:59:59Z)`
  if (!/^\d+$/.test(value)) throw new ClockError(`SOURCE_DATE_EPOCH=${JSON.stringify(value)}: ${expected}`)
  const seconds = Number(value)
  if (seconds > MAX_SOURCE_DATE_EPOCH) {
    const millis = seconds / 1000
    const hint =
      Number.isInteger(millis) && millis <= MAX_SOURCE_DATE_EPOCH
        ? `; it looks like milliseconds (did you mean ${millis}?)`
        : ''
    throw new ClockError(`SOURCE_DATE_EPOCH=${value} is out of range: ${expected}${hint}`)
  }
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
