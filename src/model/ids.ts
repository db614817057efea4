/**
 * A 25-character lowercase base36 id, as Swarm's ids look, derived from the
 * given parts: the same parts always give the same id, so ids are stable
 * across restarts and two runs over the same input agree. A 128-bit
 * non-cryptographic hash (cyrb128) written in base 36: ids are names, not
 * secrets, and one is made for every task.
 */
export function stableId(...parts: readonly (string | number)[]): string {
  // cyrb128 over the parts joined by NUL, fed part by part: the text is never built.
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]
    // As `join` reads a part (at run time a caller's undefined is '').
    const text = typeof part === 'string' ? part : part == null ? '' : String(part)
    for (let i = p === 0 ? 0 : -1; i < text.length; i++) {
      const k = i < 0 ? 0 : text.charCodeAt(i)
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
    }
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return toBase36(h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0)
}

const WIDTH = 25
// The digits' character codes, reused by every call (ids are made one at a time).
const codes = new Array<number>(WIDTH).fill(0)

/** The 128-bit number a·2⁹⁶ + b·2⁶⁴ + c·2³² + d (32-bit limbs) as 25 base36 digits. */
function toBase36(a: number, b: number, c: number, d: number): string {
  for (let i = WIDTH - 1; i >= 0; i--) {
    // Long division by 36; every step stays below 2⁵³.
    let value = a
    a = Math.floor(value / 36)
    value = (value - a * 36) * 0x1_0000_0000 + b
    b = Math.floor(value / 36)
    value = (value - b * 36) * 0x1_0000_0000 + c
    c = Math.floor(value / 36)
    value = (value - c * 36) * 0x1_0000_0000 + d
    d = Math.floor(value / 36)
    codes[i] = DIGIT_CODES[value - d * 36] as number
  }
  return String.fromCharCode.apply(null, codes)
}

const DIGIT_CODES = Array.from('0123456789abcdefghijklmnopqrstuvwxyz', (c) => c.charCodeAt(0))
