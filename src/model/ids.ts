/**
 * A 25-character lowercase base36 id, as Swarm's ids look, derived from the
 * given parts: the same parts always give the same id, so ids are stable
 * across restarts and two runs over the same input agree. A 128-bit
 * non-cryptographic hash (cyrb128) written in base 36: ids are names, not
 * secrets, and one is made for every task.
 */
export function stableId(...parts: readonly (string | number)[]): string {
  return toBase36(hash128(parts.join('\0')), 25)
}

/** cyrb128: four 32-bit lanes mixed over the UTF-16 code units. */
function hash128(text: string): number[] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** The 128-bit number in `limbs` (32-bit, most significant first) as `width` base36 digits. */
function toBase36(limbs: number[], width: number): string {
  // Digits as character codes, least significant last, made into one string at the end: no
  // string is built a character at a time (one for every task id).
  const codes = new Array<number>(width)
  let [a = 0, b = 0, c = 0, d = 0] = limbs
  for (let i = width - 1; i >= 0; i--) {
    // Long division of a·2⁹⁶ + b·2⁶⁴ + c·2³² + d by 36; every step stays below 2⁵³.
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
  return String.fromCharCode(...codes)
}

const DIGIT_CODES = Array.from('0123456789abcdefghijklmnopqrstuvwxyz', (c) => c.charCodeAt(0))
