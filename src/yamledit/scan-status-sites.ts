import { bare, INDENTED_COMMENT, KEY_LINE, scanLine } from './cut-status-lines.js'
import type { StatusSite } from './locate-status.js'

/**
 * `locateStatus` for every document of a file, without a YAML parser: for the files berth
 * writes and people usually keep, where parsing costs far more than the lines. It answers only
 * when the lines alone prove each site, and returns undefined (parse) otherwise. The text must
 * be known to parse (a file that loaded): the scan proves where things are, not that the YAML
 * is valid.
 *
 * It answers when, on top of what `statusPairLines` requires (no tab, byte order mark or lone
 * carriage return; every column-0 line blank, a comment or a plain `key:` / `key: value` line,
 * no key twice in a document; nothing left open at a line's end: no quoted scalar or flow
 * collection running on, no tag, anchor, alias or complex key):
 * - documents are split by bare `---` lines only (no `...`), and each holds a key: the
 *   document count and order are the parser's;
 * - no block scalar anywhere (its body's lines could look like keys or comments);
 * - no indented content line follows a column-0 comment inside a top-level pair;
 * - every line under a top-level key, outside sequences and scalars, is a plain `key:` line,
 *   a `- ` entry or the continuation of a value, so the nesting the indentation style is read
 *   from (`detectIndentStyle`: the first nested mapping and the first nested sequence, outside
 *   the status) is the parser's.
 */
export function scanStatusSites(text: string): StatusSite[] | undefined {
  if (text.includes('\t') || text.charCodeAt(0) === 0xfeff) return undefined
  const lines = text.split('\n')
  const starts: number[] = []
  let offset = 0
  for (const line of lines) {
    starts.push(offset)
    offset += line.length + 1
  }
  const lineEnd = (i: number) => (i + 1 < lines.length ? (starts[i + 1] as number) : text.length)
  const sites: StatusSite[] = []
  let doc: DocumentScan | undefined
  let prologue = true
  /** Ends a document; false for one without a key, unless it is the comments before the first `---`. */
  const close = (): boolean => {
    if (!doc) return prologue
    sites.push(doc.site(lines, lineEnd))
    doc = undefined
    return true
  }
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string
    const cr = raw.indexOf('\r')
    if (cr >= 0 && cr !== raw.length - 1) return undefined
    const line = bare(raw)
    if (line === '---') {
      // A document without a key (`---` twice, a trailing `---`) counts as one: leave it to the parser.
      if (!close()) return undefined
      prologue = false
      continue
    }
    if (line === '...') return undefined
    if (/^ *$/.test(line) || /^ *#/.test(line)) {
      if (line.startsWith('#')) doc?.topComment()
      continue
    }
    // An indented line, or a `- ` entry of a sequence at its top-level key's column.
    if (line.charCodeAt(0) === 0x20 /* space */ || /^-( |$)/.test(line)) {
      if (!doc?.nested(i, line)) return undefined
      continue
    }
    const key = KEY_LINE.exec(line)?.[1]
    if (key === undefined) return undefined
    const scan = scanLine(line, key.length + 1, false)
    if (scan !== 'closed') return undefined
    doc ??= documentScan()
    prologue = false
    if (!doc.topKey(i, key, line)) return undefined
  }
  if (!doc || !close()) return undefined
  return sites
}

/** A block mapping met while reading a document's style, or a sequence or value whose lines are not looked into. */
interface Context {
  readonly column: number
  readonly kind: 'map' | 'seq' | 'other'
}

/** A top-level pair: its key line, its last content line, whether a column-0 comment came after its key. */
interface PairLines {
  readonly from: number
  last: number
  commented: boolean
  readonly status: boolean
}

/** What the scan knows of one document as its lines go by. */
interface DocumentScan {
  /** A column-0 key line; false when the key is there already. */
  topKey(i: number, key: string, line: string): boolean
  /** A column-0 comment. */
  topComment(): void
  /** An indented line that is not blank or a comment; false when the lines alone cannot tell. */
  nested(i: number, line: string): boolean
  site(lines: readonly string[], lineEnd: (i: number) => number): StatusSite
}

function documentScan(): DocumentScan {
  const keys = new Set<string>()
  let pair: PairLines | undefined
  let statusPair: PairLines | undefined
  let contexts: Context[] = []
  /** The column of a `key:` line with nothing after it: the next content line says what its value is. */
  let pending: number | undefined
  const style: { indent?: number; indentSeq?: boolean } = {}

  const mapItem = (line: string, column: number, key: string) => {
    if (emptyValue(line, column + key.length + 1)) pending = column
    return true
  }

  /** Follows the nesting of block mappings and sequences, as `detectIndentStyle` visits them. */
  const shape = (line: string): boolean => {
    const column = line.length - line.trimStart().length
    const entry = /^ *-( |$)/.test(line)
    const key = NESTED_KEY.exec(line)?.[1]
    const parent = pending
    pending = undefined
    if (parent !== undefined && (column > parent || (column === parent && entry))) {
      if (entry) {
        style.indentSeq ??= column > parent
        contexts.push({ column, kind: 'seq' })
        return true
      }
      // Only a plain key proves a mapping: a quoted key, or a scalar below its key, goes to the parser.
      if (!key) return false
      if (style.indent === undefined) style.indent = column - parent
      contexts.push({ column, kind: 'map' })
      return mapItem(line, column, key)
    }
    while ((contexts.at(-1) as Context).column > column) contexts.pop()
    let top = contexts.at(-1) as Context
    // A sequence at its key's column (`key:\n- a`) ends at the next key of that mapping.
    if (top.kind === 'seq' && top.column === column && !entry) {
      contexts.pop()
      top = contexts.at(-1) as Context
    }
    // Inside a sequence's entries or a value's lines: not looked into.
    if (top.kind !== 'map') return true
    // Deeper than the mapping's keys with no key above it: a value's continuation (a key there is no YAML).
    if (top.column < column) return !key
    return key !== undefined && mapItem(line, column, key)
  }

  return {
    topKey(i, key, line) {
      if (keys.has(key)) return false
      keys.add(key)
      if (pair?.status) statusPair = pair
      pair = { from: i, last: i, commented: false, status: key === 'status' }
      contexts = [{ column: 0, kind: 'map' }]
      // The status pair is skipped, as `detectIndentStyle` skips it.
      pending = !pair.status && emptyValue(line, key.length + 1) ? 0 : undefined
      return true
    },
    topComment() {
      if (pair) pair.commented = true
    },
    nested(i, line) {
      if (!pair || pair.commented || scanLine(line, 0, true) !== 'closed') return false
      pair.last = i
      return pair.status || shape(line)
    },
    site(lines, lineEnd) {
      if (pair?.status) statusPair = pair
      const last = pair as PairLines
      // A pair's lines run to its last content, then the comment lines right below indented deeper.
      const linesEnd = (p: PairLines) => {
        let to = p.last + 1
        while (to < lines.length && INDENTED_COMMENT.test(bare(lines[to] as string))) to++
        return lineEnd(to - 1)
      }
      return {
        column: 0,
        pair: statusPair && {
          start: statusPair.from === 0 ? 0 : lineEnd(statusPair.from - 1),
          end: linesEnd(statusPair),
        },
        insertAt: linesEnd(last),
        style: { indent: style.indent ?? 2, indentSeq: style.indentSeq ?? true },
        scalarBeforePair: undefined,
        scalarAtEnd: undefined,
        plainKeys: true,
      }
    },
  }
}

/** A plain key under a top-level key: `  key:` or `  key: value`. */
const NESTED_KEY = /^ *([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: |$)/

/** Whether nothing but spaces or a comment follows the `:` ending at `from` (the value is on the lines below). */
function emptyValue(line: string, from: number): boolean {
  return /^ *(#.*)?$/.test(line.slice(from))
}
