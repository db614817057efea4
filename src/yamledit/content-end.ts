import type { CST } from 'yaml'

/** Source tokens that carry no content: what may follow a value on its line and below it. */
const blank = new Set(['space', 'newline', 'comment'])

type Item = {
  start: CST.SourceToken[]
  key?: CST.Token | null
  sep?: CST.SourceToken[]
  value?: CST.Token
}

/**
 * Offset just past the last piece of content inside the given CST tokens, ignoring
 * spaces, line breaks and comments; -1 when there is none. A block scalar's body counts
 * whole, including the line break (and kept blank lines) the CST stores with it.
 */
export function contentEnd(tokens: ReadonlyArray<CST.Token | null | undefined>): number {
  return latest(tokens.map((token) => (token ? tokenEnd(token) : -1)))
}

/** Content end of one collection item: its key, separator and value, not its leading lines. */
export function itemContentEnd(item: Item): number {
  const props = item.start.filter((t) => !blank.has(t.type))
  return contentEnd([...props, item.key, ...(item.sep ?? []), item.value])
}

function tokenEnd(token: CST.Token): number {
  switch (token.type) {
    case 'block-map':
    case 'block-seq':
      return latest(token.items.map(itemContentEnd))
    case 'flow-collection':
      return latest([tokenEnd(token.start), ...token.items.map(itemContentEnd), contentEnd(token.end)])
    case 'block-scalar': {
      const last = token.props.at(-1)
      const bodyStart = last && 'source' in last ? last.offset + last.source.length : token.offset
      const body = token.source === '' ? -1 : bodyStart + token.source.length
      return Math.max(contentEnd(token.props), body)
    }
    case 'alias':
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      return Math.max(token.offset + token.source.length, contentEnd(token.end ?? []))
    case 'document':
    case 'doc-end':
    case 'directive':
    case 'error':
      throw new Error(`unexpected ${token.type} token inside a document value`)
    default:
      return blank.has(token.type) ? -1 : token.offset + token.source.length
  }
}

/** The largest offset; a loop rather than `Math.max(...)`, which overflows on huge lists. */
function latest(ends: readonly number[]): number {
  let max = -1
  for (const end of ends) if (end > max) max = end
  return max
}
