import { lstat, realpath } from 'node:fs/promises'
import path from 'node:path'
import { openParseCache } from '../../cache/parse-cache.js'
import { observedTree, storeOf } from '../../engine/load-only.js'
import { mapBounded } from '../../io/bounded.js'
import { readManifestFile } from '../../io/read-file.js'
import { readTree } from '../../io/read-tree.js'
import type { LoadedFile } from '../../load/load-file.js'
import { treeOfFiles } from '../../load/load-tree.js'
import type { Diagnostic } from '../../model/diagnostic.js'
import type { App } from '../app.js'
import type { ReadResult } from './read-directory.js'

/** A manifest directory read once, then kept up to date file by file. */
export interface FollowedDirectory {
  /**
   * The directory as it is now, after reading again the files named (relative paths) or,
   * without names, every file (a folder came or went). Prints the diagnostics of the whole
   * tree, as `readDirectory` does, and returns what it would return.
   */
  read(changed?: readonly string[]): Promise<ReadResult>
}

/**
 * `readDirectory` for a command that reads the same directory again on every change
 * (`get --watch`): each file's loaded form is kept, so a change reads, hashes and parses only
 * the files it names; the tree is then put together from what is kept, in memory.
 */
export async function followDirectory(app: App, dir: string): Promise<FollowedDirectory> {
  const cache = await openParseCache(dir, app.validator().schemaDigest, { readOnly: true })
  const load = cache.loader(app.validator())
  const files = new Map<string, LoadedFile>()
  /** Files (or folders) reading refused: too large, binary, unreadable, a link out of the tree. */
  const refused = new Map<string, Diagnostic>()
  /**
   * Symlinked manifests: an edit of what one points to is reported under the target's path
   * (or not at all, in an ignored folder), so they are read again on every change.
   */
  let links: string[] = []

  const readAll = async () => {
    const read = await readTree(app.dir({ dir }))
    files.clear()
    refused.clear()
    for (const f of read.files) files.set(f.path, load(f.path, f.text))
    for (const d of read.diagnostics) refused.set(d.file, d)
    const linked = await mapBounded([...files.keys(), ...refused.keys()], async (rel) =>
      (await lstat(path.join(dir, rel)).catch(() => undefined))?.isSymbolicLink() ? rel : undefined,
    )
    links = linked.filter((rel) => rel !== undefined)
  }

  const readNamed = async (changed: readonly string[]) => {
    const realRoot = await realpath(app.dir({ dir }))
    const results = await mapBounded([...new Set([...changed, ...links])], (rel) =>
      readManifestFile(dir, realRoot, path.join(dir, rel)),
    )
    for (const r of results) {
      files.delete(r.path)
      refused.delete(r.path)
      if ('text' in r) files.set(r.path, load(r.path, r.text))
      else if (r.diagnostic) refused.set(r.path, r.diagnostic)
    }
  }

  return {
    async read(changed) {
      await (changed === undefined ? readAll() : readNamed(changed))
      // In path order, as a full read lists them: the first definition of a duplicate is the first by path.
      const inOrder = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f)
      const tree = observedTree(treeOfFiles(inOrder, [...refused.values()]), dir)
      app.reportDiagnostics(dir, tree.diagnostics)
      return { store: storeOf(tree.resources).store, exitCode: tree.diagnostics.length > 0 ? 1 : 0 }
    },
  }
}
