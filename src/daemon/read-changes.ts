import path from 'node:path'
import { mapBounded } from '../io/bounded.js'
import { readManifestFile } from '../io/read-file.js'
import { readTree } from '../io/read-tree.js'
import type { Diagnostic } from '../model/diagnostic.js'
import type { TreeState } from './tree-state.js'

/** How long to wait before believing that a file which had content is now empty. */
const EMPTY_RECHECK_MS = 150

/**
 * Reads the files a batch named: their new text, `undefined` for a file that
 * is gone, or a diagnostic for one refused before parsing.
 */
export async function readChanges(
  dir: string,
  realRoot: string,
  tree: TreeState,
  paths: readonly string[],
): Promise<{ changes: { path: string; text: string | undefined }[]; problems: Diagnostic[] }> {
  const read = (p: string) => readManifestFile(dir, realRoot, path.join(dir, p))
  let results = await mapBounded(paths, read)
  // An editor saving in place truncates, then writes: an empty read of a file that had content
  // is most likely that moment, and would evict everything the file defines. Look again shortly.
  const emptied = results.filter((r) => 'text' in r && r.text === '' && tree.seen().get(r.path))
  if (emptied.length > 0) {
    await new Promise((r) => setTimeout(r, EMPTY_RECHECK_MS))
    const again = new Map((await mapBounded(emptied, (r) => read(r.path))).map((r) => [r.path, r]))
    results = results.map((r) => again.get(r.path) ?? r)
  }
  const changes: { path: string; text: string | undefined }[] = []
  const problems: Diagnostic[] = []
  for (const r of results) {
    if ('text' in r) changes.push({ path: r.path, text: r.text })
    else if (r.diagnostic) problems.push(r.diagnostic)
    else changes.push({ path: r.path, text: undefined })
  }
  return { changes, problems }
}

/** A full scan's answer to "what changed that no event told us about": the safety net. */
export async function rescanPaths(dir: string, tree: TreeState): Promise<string[]> {
  const read = await readTree(dir)
  const onDisk = new Set(read.files.map((f) => f.path))
  const paths = new Set<string>()
  for (const f of read.files) if (tree.seen().get(f.path) !== f.text) paths.add(f.path)
  for (const known of tree.seen().keys()) if (!onDisk.has(known)) paths.add(known)
  for (const d of read.diagnostics) paths.add(d.file)
  return [...paths]
}
