import type { CST } from 'yaml'

/** How a block scalar treats its final line breaks: `|-` strip, `|` clip, `|+` keep. */
export type Chomping = 'strip' | 'clip' | 'keep'

/** The block scalar a value ends with: its chomping and the offset just past its body. */
export interface TrailingBlockScalar {
  readonly chomping: Chomping
  readonly end: number
}

type Item = { value?: CST.Token }

/**
 * Finds the block scalar an item's value ends with (descending into the last entry of block
 * collections), if any. The line breaks right after such a scalar are part of its value, so
 * cutting or adding lines there could change it.
 */
export function trailingBlockScalar(item: Item | undefined): TrailingBlockScalar | undefined {
  let value = item?.value
  while (value?.type === 'block-map' || value?.type === 'block-seq') value = value.items.at(-1)?.value
  if (value?.type !== 'block-scalar') return undefined
  const header = value.props.find((t) => t.type === 'block-scalar-header')
  const source = header && 'source' in header ? header.source : '|'
  const last = value.props.at(-1)
  const bodyStart = last && 'source' in last ? last.offset + last.source.length : value.offset
  const chomping = source.includes('+') ? 'keep' : source.includes('-') ? 'strip' : 'clip'
  return { chomping, end: bodyStart + value.source.length }
}
