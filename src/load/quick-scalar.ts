/**
 * Scalars as `quick-yaml.ts` reads them: the few forms whose value under the YAML 1.2 core
 * schema (the `yaml` package's default) is certain. Anything else throws `NOT_QUICK`, and
 * the file is parsed by `yaml` instead.
 */

/** Thrown by the quick reader for anything it does not surely understand. */
export const NOT_QUICK = Symbol('not quick')

export function notQuick(): never {
  throw NOT_QUICK
}

/** A plain scalar that the core schema reads as something other than a string (null, bool, int, float). */
const NOT_A_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/

/** Numbers read the same by `parseInt`/`parseFloat` and by any reader: no sign, exponent or leading zero. */
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/
const SIMPLE_FLOAT = /^(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/

/** The value of a plain scalar's text (trimmed, non-empty), as the core schema resolves it. */
export function plainValue(text: string): unknown {
  if (!NOT_A_STRING.test(text)) return text
  if (SIMPLE_INT.test(text)) return Number.parseInt(text, 10)
  if (SIMPLE_FLOAT.test(text)) return Number.parseFloat(text)
  switch (text) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null
    case 'true':
    case 'True':
    case 'TRUE':
      return true
    case 'false':
    case 'False':
    case 'FALSE':
      return false
  }
  return notQuick()
}

/** A mapping key the quick reader takes: plain, and read as this same string. */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/

/**
 * The key `text` names, or `NOT_QUICK` when it is not a plain string key. A name that plain
 * objects inherit (`constructor`, `__proto__`, …) is left to yaml, which defines it specially.
 */
export function plainKey(text: string): string {
  if (!KEY.test(text) || NOT_A_STRING.test(text) || text in Object.prototype) notQuick()
  return text
}

/**
 * A quoted scalar starting at `line[from]` (a `"` or `'`) and closed on the same line:
 * its value and the index after the closing quote. Double-quoted text with a backslash
 * (escapes) is not taken; in single quotes `''` is one quote.
 */
export function quoted(line: string, from: number): { value: string; end: number } {
  const quote = line[from]
  if (quote === '"') {
    const close = line.indexOf('"', from + 1)
    if (close === -1) notQuick()
    const value = line.slice(from + 1, close)
    if (value.includes('\\')) notQuick()
    return { value, end: close + 1 }
  }
  let value = ''
  let at = from + 1
  for (;;) {
    const close = line.indexOf("'", at)
    if (close === -1) notQuick()
    value += line.slice(at, close)
    if (line[close + 1] !== "'") return { value, end: close + 1 }
    value += "'"
    at = close + 2
  }
}
