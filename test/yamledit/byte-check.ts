import { parseAllDocuments } from 'yaml'

/** Where two texts differ: `[start, beforeEnd)` in the old text became `[start, afterEnd)` in the new. */
export function changedRegion(before: string, after: string) {
  let start = 0
  while (start < before.length && start < after.length && before[start] === after[start]) start++
  let end = 0
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++
  return { start, beforeEnd: before.length - end, afterEnd: after.length - end }
}

/** Every document's data. */
export function allData(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS())
}

/** The source range `[start, end)` of the node at `path` in document `doc`, if there is one. */
export function nodeRange(text: string, doc: number, path: readonly (string | number)[]) {
  const node = parseAllDocuments(text)[doc]?.getIn(path, true) as
    | { range?: [number, number, number] }
    | undefined
  return node?.range ? { start: node.range[0], end: node.range[1] } : undefined
}

/** Every comment of a text (`#` to the end of its line, after a space or at a line start). */
export function comments(text: string): string[] {
  return [...text.matchAll(/(?:^|[ \t])(#[^\r\n]*)/gm)].map((m) => m[1]!)
}
