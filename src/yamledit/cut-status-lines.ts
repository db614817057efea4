/**
 * `removeStatus` without a YAML parser, for the files berth writes and people usually keep:
 * a line scan that answers only when the lines alone prove where each document's top-level
 * `status` pair is, and returns undefined (ask the parser) otherwise. The git filter runs it
 * on every manifest git reads, where parsing would cost 50× the read.
 *
 * It answers only when, in every document (split at bare `---` / `...` lines):
 * - every line at column 0 is blank, a comment, or a plain `key:` / `key: value` line, and
 *   the first of them is a key (the top level is a block mapping at column 0), no key twice;
 * - every line ends with nothing left open: no quoted scalar or flow collection running on
 *   to the next line (so no column-0 line can be a continuation), no tags, anchors or
 *   aliases, no complex keys;
 * - a `status` value holds no block scalar (whose lines could look like comments).
 * Then the pair is the `status:` line, the lines up to its last line of content, and the
 * comment lines right below indented deeper than column 0: what the parser-based cut takes.
 * No tabs, no byte order mark, no lone carriage returns (CRLF files are fine).
 */
export function cutStatusLines(text: string): string | undefined {
  const found = statusPairLines(text)
  return found && applyCuts(text, found.lines, found.pairs)
}

/** The lines of one top-level status pair: `from` its key line, `to` past it; `content` lines hold its value. */
export interface StatusPairLines {
  readonly from: number
  readonly to: number
  readonly content: number
}

/**
 * The status pairs of a file in document order, as line numbers of `text.split('\n')`, under
 * the conditions `cutStatusLines` states; undefined when the lines alone cannot tell.
 */
export function statusPairLines(text: string): { lines: string[]; pairs: StatusPairLines[] } | undefined {
  if (text.includes('\t') || text.charCodeAt(0) === 0xfeff) return undefined
  const lines = text.split('\n')
  const cuts: StatusPairLines[] = []
  let keys = new Set<string>()
  let sawKey = false
  /** The open status pair: its key line, its last line of content, whether a column-0 comment followed. */
  let status: { from: number; lastContent: number; commented: boolean } | undefined
  const closeStatus = () => {
    if (!status) return
    let to = status.lastContent + 1
    while (to < lines.length && INDENTED_COMMENT.test(bare(lines[to] as string))) to++
    cuts.push({ from: status.from, to, content: status.lastContent - status.from + 1 })
    status = undefined
  }
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string
    const cr = raw.indexOf('\r')
    if (cr >= 0 && cr !== raw.length - 1) return undefined
    const line = bare(raw)
    if (line === '---' || line === '...') {
      closeStatus()
      keys = new Set()
      sawKey = false
      continue
    }
    if (/^ *$/.test(line)) continue
    const first = line.charCodeAt(0)
    if (first === 0x23 /* # */) {
      if (status) status.commented = true
      continue
    }
    if (first === 0x20 /* space */) {
      const scan = scanLine(line, 0, true)
      if (!sawKey || scan === 'open') return undefined
      if (!status || INDENTED_COMMENT.test(line)) continue
      // Content after a column-0 comment, or a block scalar: the lines alone cannot say.
      if (status.commented || scan === 'block') return undefined
      status.lastContent = i
      continue
    }
    const key = KEY_LINE.exec(line)
    if (!key) return undefined
    const name = key[1] as string
    if (keys.has(name)) return undefined
    keys.add(name)
    sawKey = true
    closeStatus()
    const scan = scanLine(line, name.length + 1, false)
    if (scan === 'open' || (name === 'status' && scan === 'block')) return undefined
    if (name === 'status') status = { from: i, lastContent: i, commented: false }
  }
  closeStatus()
  return { lines, pairs: cuts }
}

/** A plain key at column 0: `key:` or `key: value`. */
export const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: |$)/
export const INDENTED_COMMENT = /^ +#/

/** A line without the carriage return of a CRLF line end. */
export function bare(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line
}

/**
 * Removes the cut line ranges. A pair that ends the file without a final line break takes
 * the break before it, so the file's missing final newline stays missing (as `removeStatus`).
 */
function applyCuts(
  text: string,
  lines: readonly string[],
  cuts: readonly { from: number; to: number }[],
): string {
  if (cuts.length === 0) return text
  const starts: number[] = []
  let offset = 0
  for (const line of lines) {
    starts.push(offset)
    offset += line.length + 1
  }
  const at = (line: number) => (line < lines.length ? (starts[line] as number) : text.length)
  let out = ''
  let kept = 0
  for (const { from, to } of cuts) {
    let start = at(from)
    const end = at(to)
    if (end === text.length && !text.endsWith('\n') && start > 0) {
      start -= start >= 2 && text[start - 2] === '\r' ? 2 : 1
    }
    out += text.slice(kept, start)
    kept = end
  }
  return out + text.slice(kept)
}

/**
 * What a line (scanned from `from`) leaves at its end: `closed` when quoted scalars and flow
 * collections close on it and nothing the scan does not know (tags, anchors, aliases,
 * complex keys, directives, reserved indicators) starts a value; `block` when a value is a
 * block scalar header (its body is the indented lines below); `open` otherwise. `open`
 * whenever unsure.
 */
export function scanLine(line: string, from: number, atLineStart: boolean): 'open' | 'closed' | 'block' {
  // Most lines hold nothing the scan has to look at.
  if (!/["'[\]{}&*!?%@`|>]/.test(line)) return 'closed'
  let depth = 0
  let i = from
  const n = line.length
  // At the start of a value: after indentation, `- `, `: `, `[`, `{` or `,`.
  let valueStart = true
  // Only indentation and `- ` so far: a sequence entry may start here.
  let seqAllowed = atLineStart
  while (i < n) {
    const c = line[i] as string
    if (c === ' ') {
      i++
      continue
    }
    if (c === '#' && (i === 0 || line[i - 1] === ' ')) return depth === 0 ? 'closed' : 'open'
    if (valueStart) {
      if (c === '-' && seqAllowed && (i + 1 === n || line[i + 1] === ' ')) {
        i++
        continue
      }
      seqAllowed = false
      if (c === '"' || c === "'") {
        const end = closingQuote(line, i)
        if (end < 0 || !afterScalarOk(line, end + 1, depth)) return 'open'
        i = end + 1
        valueStart = false
        continue
      }
      if (c === '[' || c === '{') {
        depth++
        i++
        continue
      }
      if (c === '|' || c === '>')
        return depth === 0 && /^[-+1-9]*( +#.*)? *$/.test(line.slice(i + 1)) ? 'block' : 'open'
      // `]` / `}` right after `[` / `{` / `,`: an empty collection or a trailing comma.
      if ((c === ']' || c === '}') && depth === 0) return 'open'
      if ('&*!?%@`,'.includes(c)) return 'open'
    }
    seqAllowed = false
    if (depth > 0) {
      if (c === ',') {
        valueStart = true
        i++
        continue
      }
      if (c === '[' || c === '{') return 'open'
      if (c === ']' || c === '}') {
        depth--
        valueStart = false
        i++
        continue
      }
      if (c === ':' && (i + 1 === n || ' ,[]{}'.includes(line[i + 1] as string))) {
        valueStart = true
        i++
        continue
      }
    } else if (c === ':' && (i + 1 === n || line[i + 1] === ' ')) {
      valueStart = true
      i++
      continue
    }
    // A plain scalar's character.
    valueStart = false
    i++
  }
  return depth === 0 ? 'closed' : 'open'
}

/** Index of the quote closing the quoted scalar opened at `open`; -1 when it runs past the line. */
function closingQuote(line: string, open: number): number {
  const q = line[open]
  for (let i = open + 1; i < line.length; i++) {
    const c = line[i]
    if (q === '"' && c === '\\') {
      i++
      continue
    }
    if (c === q) {
      if (q === "'" && line[i + 1] === "'") {
        i++
        continue
      }
      return i
    }
  }
  return -1
}

/** What may follow a closed quoted scalar on its line: spaces, `:`, a comment, or in flow `,` `]` `}`. */
function afterScalarOk(line: string, i: number, depth: number): boolean {
  let j = i
  while (line[j] === ' ') j++
  const c = line[j]
  if (c === undefined || c === ':') return true
  if (c === '#') return j > i
  return depth > 0 && (c === ',' || c === ']' || c === '}')
}
