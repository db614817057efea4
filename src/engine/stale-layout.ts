import { statusPairLines } from '../yamledit/cut-status-lines.js'
import { renderStatus } from '../yamledit/render-status.js'

const LAYOUT = { column: 0, style: { indent: 2, indentSeq: true }, newline: '\n' } as const

/**
 * Whether a file's status pairs were laid out by an older berth (one line per field of each
 * task, say): some pair spans a different number of lines than `renderStatus` writes for the
 * same value today. Indentation never changes the count, so a person's indent style does
 * not count as stale. `statuses` are the file's status values in document order; false
 * whenever the line scan cannot pair them with the file's status pairs.
 */
export function staleStatusLayout(text: string, statuses: readonly unknown[]): boolean {
  const found = statusPairLines(text)
  if (!found || found.pairs.length !== statuses.length) return false
  return found.pairs.some(
    (pair, i) => pair.content !== renderStatus(statuses[i], LAYOUT).split('\n').length - 1,
  )
}
