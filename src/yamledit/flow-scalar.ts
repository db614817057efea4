/**
 * One scalar as YAML text that reads back as the same value in block and flow context, by
 * YAML 1.2 and 1.1 readers alike: plain when that is unambiguous, else double-quoted.
 */

/** Words of letters, digits and `_ . / + ( ) @ ; = -`, joined by `:` inside a word or single spaces. */
const PLAIN = /^[A-Za-z_/][\w./+()@;=-]*(?::[\w./+()@;=-]+)*(?: [\w./+()@;=-]+(?::[\w./+()@;=-]+)*)*$/

/**
 * One word of letters and digits that starts with a digit (ids, digests, `64Mi`) is a string
 * to every reader unless it has the shape of a number: decimal, exponent, binary, octal, hex.
 */
const DIGIT_WORD = /^[0-9][0-9A-Za-z]*$/
const NUMBER_SHAPED = /^(?:[0-9]+|[0-9]+[eE][0-9]+|0[bB][01]+|0[xX][0-9a-fA-F]+|0o[0-7]+)$/

/** Plain words a YAML 1.1 (or 1.2) reader takes for a boolean or null. */
const KEYWORD = /^(?:y|yes|n|no|true|false|on|off|null)$/i

/** Characters left raw by JSON that YAML wants escaped: DEL, C1 controls, BOM, non-characters. */
const UNPRINTABLE = /[\u007f-\u009f\ufeff\ufffe\uffff]/g

export function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (PLAIN.test(value) ? !KEYWORD.test(value) : DIGIT_WORD.test(value) && !NUMBER_SHAPED.test(value))
        return value
      return quoted(value)
    case 'number':
      if (Number.isNaN(value)) return '.nan'
      if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf'
      return Object.is(value, -0) ? '-0' : String(value)
    case 'boolean':
      return value ? 'true' : 'false'
    default:
      if (value === null || value === undefined) return 'null'
      throw new Error(`cannot write a ${typeof value} into status`)
  }
}

/** JSON's double-quoted string is YAML's, once the few characters YAML refuses raw are escaped. */
function quoted(value: string): string {
  return JSON.stringify(value).replace(
    UNPRINTABLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
