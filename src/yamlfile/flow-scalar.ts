/**
 * One scalar as YAML text that reads back as the same value in block and flow context, by
 * YAML 1.2 and 1.1 readers alike: plain when that is unambiguous, else double-quoted.
 */

/** Words of letters, digits and `_ . / + ( ) @ ; = -`, joined by `:` inside a word or single spaces. */
const PLAIN = /^[A-Za-z_/][\w./+()@;=-]*(?::[\w./+()@;=-]+)*(?: [\w./+()@;=-]+(?::[\w./+()@;=-]+)*)*$/

/**
 * Lower-case base36 words that start with a digit (berth's ids) but hold a letter no number,
 * boolean or date syntax uses (hex digits, `o`, `x` and `e` excluded): strings to every reader.
 */
const DIGIT_WORD = /^[0-9][0-9a-z]*$/
const NOT_NUMERIC = /[g-np-wyz]/

/** Plain words a YAML 1.1 (or 1.2) reader takes for a boolean or null. */
const KEYWORD = /^(?:y|yes|n|no|true|false|on|off|null)$/i

/** Characters left raw by JSON that YAML wants escaped: DEL, C1 controls, BOM, non-characters. */
const UNPRINTABLE = /[\u007f-\u009f\ufeff\ufffe\uffff]/g

export function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (PLAIN.test(value) ? !KEYWORD.test(value) : DIGIT_WORD.test(value) && NOT_NUMERIC.test(value))
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
