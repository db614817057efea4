/**
 * Resource quantities as people write them: `memory: 8Gi`, `512M`, `1073741824`;
 * `cpus: 0.5`, `2`, `"500m"`. Parsed exactly (BigInt arithmetic, no float error) and
 * rounded up, as Kubernetes' `Quantity.Value()` does.
 */

const BINARY: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n }
const DECIMAL: Record<string, bigint> = { k: 1n, K: 1n, M: 2n, G: 3n, T: 4n, P: 5n, E: 6n }

/** Memory: a decimal, then a binary (`Ki`…`Ei`), decimal (`k`/`K`…`E`) or exponent suffix. */
const MEMORY = /^\+?(\d+(?:\.\d*)?|\.\d+)(?:([KMGTPE]i)|([kKMGTPE])|[eE]([+-]?\d+))?$/
/** CPUs: a decimal, optionally in thousandths (`500m`). */
const CPUS = /^\+?(\d+(?:\.\d*)?|\.\d+)(m)?$/
/** How `String(number)` writes very small or large numbers, e.g. `1e+21`. */
const EXPONENT = /^(\d+(?:\.\d*)?)e([+-]\d+)$/

/** An exact non-negative rational number. */
interface Ratio {
  num: bigint
  den: bigint
}

/** Parses `12.5` into 125/10. */
function decimal(text: string): Ratio {
  const [whole = '', fraction = ''] = text.split('.')
  return { num: BigInt((whole || '0') + fraction), den: 10n ** BigInt(fraction.length) }
}

/** Multiplies by 10^exp (exp may be negative). */
function scale10(r: Ratio, exp: number): Ratio {
  return exp >= 0
    ? { num: r.num * 10n ** BigInt(exp), den: r.den }
    : { num: r.num, den: r.den * 10n ** BigInt(-exp) }
}

/** Rounds up to an integer; undefined beyond Number.MAX_SAFE_INTEGER. */
function ceilToSafe(r: Ratio): number | undefined {
  const n = (r.num + r.den - 1n) / r.den
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined
}

/** A finite non-negative number as text, exponent form split off; undefined otherwise. */
function numberText(q: number): { mantissa: string; exp: number } | undefined {
  if (!Number.isFinite(q) || q < 0) return undefined
  const text = String(q)
  const m = EXPONENT.exec(text)
  return m ? { mantissa: m[1] ?? '', exp: Number(m[2]) } : { mantissa: text, exp: 0 }
}

/**
 * Parses a memory quantity into bytes: `Ki Mi Gi Ti Pi Ei` are powers of 1024, `k K M G T P E`
 * powers of 1000, a plain number is bytes; fractions round up. Undefined when the text is not
 * a quantity, is negative, or exceeds Number.MAX_SAFE_INTEGER bytes.
 */
export function parseMemory(q: number | string): number | undefined {
  if (typeof q === 'number') {
    const n = numberText(q)
    return n && ceilToSafe(scale10(decimal(n.mantissa), n.exp))
  }
  const m = MEMORY.exec(q)
  if (!m) return undefined
  const [, digits = '', binary, dec, exp] = m
  const value = decimal(digits)
  if (binary) return ceilToSafe({ num: value.num * 1024n ** (BINARY[binary] ?? 0n), den: value.den })
  if (dec) return ceilToSafe(scale10(value, 3 * Number(DECIMAL[dec] ?? 0n)))
  return ceilToSafe(scale10(value, exp ? Number(exp) : 0))
}

/**
 * Parses a CPU quantity into nano-CPUs (Docker's `NanoCPUs`): `0.5` and `"500m"` are
 * 500_000_000, `2` is 2_000_000_000. Undefined when the text is not a CPU quantity or is
 * negative.
 */
export function parseCpus(q: number | string): number | undefined {
  if (typeof q === 'number') {
    const n = numberText(q)
    return n && ceilToSafe(scale10(decimal(n.mantissa), n.exp + 9))
  }
  const m = CPUS.exec(q)
  if (!m) return undefined
  return ceilToSafe(scale10(decimal(m[1] ?? ''), m[2] ? 6 : 9))
}

/** The message for a quantity that does not parse, with examples for the field. */
export function quantityMessage(field: 'cpus' | 'memory', value: unknown): string {
  const examples = field === 'cpus' ? '0.5, 2, 500m' : '64Mi, 8Gi, 512M'
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value)
  return `invalid quantity ${shown} (use e.g. ${examples})`
}
