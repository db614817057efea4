/**
 * Durations as Docker's flags and compose files write them (Go's
 * `time.ParseDuration`): one or more number+unit pairs, `0s`, `3s`, `1m30s`,
 * `500ms`, `1.5h`; a bare `0` is zero.
 */
const DURATION_PATTERN = '^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$'

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
}

/** Milliseconds in `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (!new RegExp(DURATION_PATTERN).test(text)) return undefined
  if (text === '0') return 0
  let total = 0
  for (const [, amount, unit] of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(amount) * (UNIT_MS[unit as string] ?? 0)
  return total
}

/** Milliseconds as the shortest duration string: `1m30s`, `500ms`, `0s`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s'
  const parts: string[] = []
  let rest = Math.round(ms)
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`)
      rest %= size
    }
  }
  return parts.join('')
}
