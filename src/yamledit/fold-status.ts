import { bare, type StatusPairLines, statusPairLines } from './cut-status-lines.js'

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
  /** Each status pair's own text (its lines, comments below it included), in document order. */
  readonly pairs: readonly string[]
  /**
   * The edited folded text with each status pair put back, byte for byte, where its marker
   * line is; undefined when the markers are not each found once on a line of their own
   * (the edit did what it should not: edit the whole text instead).
   */
  unfold(edited: string): Unfolded | undefined
  /** `unfold` of the folded text as it is: the file itself, each pair where it was. */
  readonly unchanged: Unfolded
}

/** An edited folded text with its status pairs back. */
export interface Unfolded {
  readonly text: string
  /** Which of the folded pairs each pair of `text` is, in document order (a removed document's is gone). */
  readonly kept: readonly number[]
  /** How many pairs were folded. */
  readonly folded: number
  /** The 1-based line in `text` of a 1-based line of the edited folded text (other than a marker's). */
  fileLine(foldedLine: number): number
}

/** The word every marker starts with; a text that holds it is not folded. */
const MARKER = 'berth-folded-status-'

/** The lines of `text` and its status pairs, when it can be folded. */
function foldable(text: string): { lines: string[]; pairs: StatusPairLines[] } | undefined {
  if (text.includes(MARKER)) return undefined
  const found = statusPairLines(text)
  return found && found.pairs.length > 0 ? found : undefined
}

/** Each status pair's own text, as `foldStatus(text).pairs`, without folding the file. */
export function statusPairTexts(text: string): string[] | undefined {
  const found = foldable(text)
  return found?.pairs.map(({ from, to }) => found.lines.slice(from, to).join('\n'))
}

/** Each marker's 1-based line in a folded text, and how many lines its pair adds back. */
type Growth = readonly { readonly line: number; readonly by: number }[]

function fileLineOf(grown: Growth): (foldedLine: number) => number {
  return (line) => grown.reduce((n, g) => (g.line < line ? n + g.by : n), line)
}

/**
 * `text` with its status pairs folded; undefined when there is nothing to fold or the lines
 * alone cannot prove where the pairs are (the same conditions as the git filter's line scan:
 * then edit the whole text).
 */
export function foldStatus(text: string): FoldedStatus | undefined {
  const found = foldable(text)
  if (!found) return undefined
  const { lines, pairs } = found
  const folded: string[] = []
  const markers = new Map<string, number>()
  const kept: string[][] = []
  const grown: { line: number; by: number }[] = []
  let at = 0
  pairs.forEach(({ from, to }, k) => {
    folded.push(...lines.slice(at, from))
    const cr = (lines[from] as string).endsWith('\r') ? '\r' : ''
    const marker = `status: {} # ${MARKER}${k}`
    folded.push(marker + cr)
    grown.push({ line: folded.length, by: to - from - 1 })
    markers.set(marker, k)
    kept.push(lines.slice(from, to))
    at = to
  })
  folded.push(...lines.slice(at))
  return {
    text: folded.join('\n'),
    pairs: kept.map((pair) => pair.join('\n')),
    unchanged: { text, kept: kept.map((_, k) => k), folded: kept.length, fileLine: fileLineOf(grown) },
    unfold(edited) {
      const out: string[] = []
      const found: number[] = []
      const grownEdited: { line: number; by: number }[] = []
      for (const [i, line] of edited.split('\n').entries()) {
        const k = markers.get(bare(line))
        if (k !== undefined) {
          if (found.includes(k)) return undefined
          found.push(k)
          const pair = kept[k] as string[]
          out.push(...pair)
          grownEdited.push({ line: i + 1, by: pair.length - 1 })
          continue
        }
        if (line.includes(MARKER)) return undefined
        out.push(line)
      }
      return { text: out.join('\n'), kept: found, folded: kept.length, fileLine: fileLineOf(grownEdited) }
    },
  }
}
