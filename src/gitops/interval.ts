const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/**
 * Parses a duration as Flux writes its intervals: a number and a unit, `500ms`, `30s`, `5m`,
 * `1h`, or several of them (`1m30s`). Returns milliseconds; undefined when the text is not
 * such a duration or is zero.
 */
export function parseInterval(text: string): number | undefined {
  const trimmed = text.trim()
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return undefined
  let total = 0
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(amount) * (UNITS[unit as string] as number)
  return total > 0 ? Math.round(total) : undefined
}
