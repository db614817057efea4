import fs from 'node:fs/promises'
import path from 'node:path'
import { writeFileAtomic } from '../../io/atomic-write.js'
import { loadFile } from '../../load/load-file.js'
import type { LoadedTree } from '../../load/load-tree.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'

/** One change to one document of a manifest file: new text, or undefined to delete the file. */
export interface FileEdit {
  /** Relative to the manifest directory, as the loaded tree names it. */
  readonly file: string
  readonly apply: (text: string) => string | undefined
}

/**
 * Applies edits file by file (several edits of one file in order, on the text so far), checks
 * that every edited file still validates, and only then writes: atomically, and only when the
 * file still holds what was read. A file whose last document goes is deleted. Any failure
 * throws a `CliError` naming the file; files before it in path order may already be written.
 */
export async function writeEdits(
  app: App,
  dir: string,
  tree: LoadedTree,
  edits: readonly FileEdit[],
): Promise<void> {
  const results = new Map<string, { before: string; after: string | undefined }>()
  for (const edit of edits) {
    const loaded = tree.files.find((f) => f.path === edit.file)
    if (!loaded) throw new CliError(`${edit.file}: not in the manifest directory`)
    const current = results.get(edit.file) ?? { before: loaded.text, after: loaded.text }
    if (current.after === undefined) throw new CliError(`${edit.file}: already deleted`)
    try {
      results.set(edit.file, { before: loaded.text, after: edit.apply(current.after) })
    } catch (error) {
      throw new CliError(`${display(app, dir, edit.file)}: cannot edit: ${(error as Error).message}`)
    }
  }
  for (const [file, { after }] of results) {
    if (after === undefined) continue
    const check = loadFile(file, after, app.validator())
    app.reportDiagnostics(dir, check.diagnostics)
    if (check.diagnostics.length > 0)
      throw new CliError(`${display(app, dir, file)}: the edit would make it invalid; not written`)
  }
  for (const [file, { before, after }] of [...results].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (after === before) continue
    const abs = path.join(dir, file)
    const outcome =
      after === undefined
        ? await deleteIfUnchanged(abs, before)
        : await writeFileAtomic(abs, after, { expected: before })
    if (outcome === 'conflict') {
      throw new CliError(
        `${display(app, dir, file)}: changed on disk while berth was editing it; not written, try again`,
      )
    }
  }
}

/** Deletes a file only when it still holds `expected`; never follows a symlink. */
async function deleteIfUnchanged(abs: string, expected: string): Promise<'written' | 'conflict'> {
  const stat = await fs.lstat(abs).catch(() => undefined)
  if (!stat?.isFile()) return 'conflict'
  const current = await fs.readFile(abs, 'utf8')
  if (current !== expected) return 'conflict'
  await fs.unlink(abs)
  return 'written'
}

function display(app: App, dir: string, file: string): string {
  return path.relative(app.cwd, path.join(dir, file)) || file
}
