import { locatePath } from '../load/locate.js'
import type { Diagnostic } from '../model/diagnostic.js'
import type { ComposePath } from './compose-path.js'
import type { ComposeFile } from './read-compose.js'

/**
 * Where a path of the merged compose data was written: the file that holds the most of it
 * (the last one on a tie, as the last file wins a merge), at the deepest node it has. A
 * name in a short-syntax list (`networks: [front]`) is found at its item.
 */
export function locateMerged(
  files: readonly ComposeFile[],
  path: ComposePath,
): Pick<Diagnostic, 'file' | 'line' | 'col'> {
  let best: { file: ComposeFile; path: ComposePath } | undefined
  for (const file of files) {
    const found = existingPrefix(file.data, path)
    if (!best || found.length >= best.path.length) best = { file, path: found }
  }
  if (!best) return { file: '<none>', line: 1, col: 1 }
  const { line, col } = best.file.lineCounter.linePos(locatePath(best.file.doc, best.path))
  return { file: best.file.name, line, col }
}

/** The longest prefix of `path` present in `data`, with list names turned into indexes. */
function existingPrefix(data: unknown, path: ComposePath): ComposePath {
  const out: (string | number)[] = []
  let node = data
  for (const segment of path) {
    if (Array.isArray(node)) {
      const index =
        typeof segment === 'number'
          ? segment
          : node.findIndex(
              (item) => item === segment || (typeof item === 'string' && item.startsWith(`${segment}=`)),
            )
      if (index < 0 || index >= node.length) break
      out.push(index)
      node = node[index]
    } else if (node !== null && typeof node === 'object' && String(segment) in node) {
      out.push(segment)
      node = (node as Record<string, unknown>)[String(segment)]
    } else break
  }
  return out
}
