import { utf8 } from '../io/utf8-text.js'
import { cutStatusLines } from '../yamledit/cut-status-lines.js'

/** Removes every document's status from a text by parsing it (the YAML parser's way). */
type ViaParser = (text: string) => string

/** `stripStatus`'s answer; undefined when it takes the parser and none was given. */
function stripWith(input: Buffer, viaParser: ViaParser | undefined): Buffer | undefined {
  const text = utf8(input)
  // Quoted ("status":) and indented keys count too: only a text without the word is surely done.
  if (text === undefined || !text.includes('status')) return input
  try {
    // The line scan answers for the files berth writes; the parser decides the rest.
    const out = cutStatusLines(text) ?? viaParser?.(text)
    if (out === undefined) return undefined
    return out === text ? input : Buffer.from(out, 'utf8')
  } catch {
    return input
  }
}

/** The parser's way, loaded once, for the first file the line scan cannot answer. */
let parser: Promise<ViaParser> | undefined

/**
 * The bytes git should see for a manifest: every document's top-level `status` removed,
 * every other byte kept. Anything else (not UTF-8, not YAML, no status) comes back as it
 * was: git runs this on every matching file and must never lose or refuse one. The answer
 * is immediate when the line scan can cut the file (the files berth writes); the YAML
 * parser is loaded only when a file needs it, so a filter usually starts, serves a whole
 * `git add` and exits without it.
 */
export function stripStatus(input: Buffer): Buffer | Promise<Buffer> {
  const byLines = stripWith(input, undefined)
  if (byLines) return byLines
  parser ??= import('../yamledit/replace-status.js').then((m) => (text: string) => m.removeStatus(text))
  return parser.then((viaParser) => stripWith(input, viaParser) ?? input)
}
