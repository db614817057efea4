import { statusPairLines } from './cut-status-lines.js'

/**
 * A file with each document's top-level `status` pair folded to one line, for editing what
 * a person writes (spec, metadata, whole documents) without parsing the status: in a service
 * of 100,000 replicas the status is 14 MB of task lines, and the spec a few lines above it.
 * Each pair, with the comment lines that belong to it, becomes `status: {} # <marker>`: the
 * same key, at the same place, holding an empty status, so an edit of the folded text (a
 * key inserted before the status, a document removed) is the edit of the whole file.
 */
export interface FoldedStatus {
  /** The text with every status pair folded. */
  readonly text: string
  /**
   * The edited folded text with each status pair put back, byte for byte, where its marker
   * line is; undefined when the markers are not each found once on a line of their own
   * (the edit did what it should not: edit the whole text instead).
   */
  unfold(edited: string): Unfolded | undefined
}

/** An edited folded text with its status pairs back. */
export interface Unfolded {
  readonly text: string
  /** The 1-based line in `text` of a 1-based line of the edited folded text (other than a marker's). */
  fileLine(foldedLine: number): number
}

/** The word every marker starts with; a text that holds it is not folded. */
const MARKER = 'berth-folded-status-'

/**
 * `text` with its status pairs folded; undefined when there is nothing to fold or the lines
 * alone cannot prove where the pairs are (the same conditions as the git filter's line scan:
 * then edit the whole text).
 */
export function foldStatus(text: string): FoldedStatus | undefined {
  if (text.includes(MARKER)) return undefined
  const found = statusPairLines(text)
  if (!found || found.pairs.length === 0) return undefined
  const { lines, pairs } = found
  const folded: string[] = []
  const kept = new Map<string, string[]>()
  let at = 0
  pairs.forEach(({ from, to }, k) => {
    folded.push(...lines.slice(at, from))
    const cr = (lines[from] as string).endsWith('\r') ? '\r' : ''
    const marker = `status: {} # ${MARKER}${k}`
    folded.push(marker + cr)
    kept.set(marker, lines.slice(from, to))
    at = to
  })
  folded.push(...lines.slice(at))
  return {
    text: folded.join('\n'),
    unfold(edited) {
      const out: string[] = []
      const found = new Set<string>()
      /** Each marker's line in the edited folded text, and how many lines its pair adds. */
      const grown: { line: number; by: number }[] = []
      for (const [i, line] of edited.split('\n').entries()) {
        const bare = line.endsWith('\r') ? line.slice(0, -1) : line
        const pair = kept.get(bare)
        if (pair) {
          if (found.has(bare)) return undefined
          found.add(bare)
          out.push(...pair)
          grown.push({ line: i + 1, by: pair.length - 1 })
          continue
        }
        if (line.includes(MARKER)) return undefined
        out.push(line)
      }
      return {
        text: out.join('\n'),
        fileLine: (line) => grown.reduce((at, g) => (g.line < line ? at + g.by : at), line),
      }
    },
  }
}
