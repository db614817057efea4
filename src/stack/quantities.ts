/**
 * Compose's memory sizes are Docker's: `512m`, `1.5G`, `64mb` are powers of 1024. Berth's
 * quantities follow Kubernetes, where `M` means 10^6 — so `512m` becomes `512Mi`. A plain
 * number stays a number of bytes. Returns undefined for anything else.
 */
export function composeMemory(value: unknown): string | number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmgtp]?)b?\s*$/i.exec(value)
  if (!match) return undefined
  const [, amount = '', unit = ''] = match
  if (unit === '' || unit.toLowerCase() === 'b') return Number(amount)
  return `${amount}${unit.toUpperCase()}i`
}

/** `cpus: "0.5"` or `cpus: 0.5` as a number of CPUs; undefined when it is neither. */
export function composeCpus(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined
}
