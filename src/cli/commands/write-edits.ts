import fs from 'node:fs/promises'
import path from 'node:path'
import { writeFileAtomic } from '../../io/atomic-write.js'
import { editedFile } from '../../load/edited-file.js'
import { type LoadedFile, loadFile } from '../../load/load-file.js'
import { foldStatus, type Unfolded } from '../../yamledit/fold-status.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import type { EditTree } from './edit-tree.js'

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
 * Each file written is remembered in the parse cache as it loads, so the reconcile that
 * follows an edit does not parse it again.
 */
export async function writeEdits(
  app: App,
  { dir, tree, cache }: EditTree,
  edits: readonly FileEdit[],
): Promise<void> {
  const byFile = new Map<string, FileEdit[]>()
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit])
  const results = new Map<string, { before: string; after: EditedText | undefined }>()
  for (const [file, fileEdits] of byFile) {
    const loaded = tree.files.find((f) => f.path === file)
    if (!loaded) throw new CliError(`${file}: not in the manifest directory`)
    const after = editFile(loaded.text, fileEdits, (error) => {
      throw new CliError(`${display(app, dir, file)}: cannot edit: ${error.message}`)
    })
    if (after === undefined) {
      results.set(file, { before: loaded.text, after })
      continue
    }
    const loads = asLoaded(loaded, checkEdited(app, dir, file, after), after)
    results.set(file, { before: loaded.text, after: loads ? { ...after, loads } : after })
  }
  let remembered = false
  for (const [file, { before, after }] of [...results].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (after?.text === before) continue
    const abs = path.join(dir, file)
    const outcome =
      after === undefined
        ? await deleteIfUnchanged(abs, before)
        : await writeFileAtomic(abs, after.text, { expected: before })
    if (outcome === 'conflict') {
      throw new CliError(
        `${display(app, dir, file)}: changed on disk while berth was editing it; not written, try again`,
      )
    }
    if (after?.loads) {
      cache.edited(after.loads)
      remembered = true
    }
  }
  // An edit that writes no file writes nothing, the cache included.
  if (remembered) await cache.save()
}

/** A file's text after its edits; `checked` is what to validate (the same file, its statuses possibly folded). */
interface EditedText {
  readonly text: string
  readonly checked: string
  /** How `checked` maps back to `text` when the statuses were folded. */
  readonly unfolded?: Unfolded
  /** The file as it loads, when known without parsing it whole. */
  readonly loads?: LoadedFile
}

/**
 * Applies one file's edits in order; undefined when the file goes. The edits run on the text
 * with its statuses folded (`foldStatus`) when the line scan allows, so a spec edit in a file
 * of 100,000 task lines parses a few lines, not the tasks; the whole text is edited when the
 * statuses cannot be folded or put back.
 */
function editFile(
  text: string,
  edits: readonly FileEdit[],
  fail: (error: Error) => never,
): EditedText | undefined {
  const applyAll = (start: string): string | undefined => {
    let current: string | undefined = start
    for (const edit of edits) {
      if (current === undefined) return fail(new Error('already deleted'))
      try {
        current = edit.apply(current)
      } catch (error) {
        return fail(error as Error)
      }
    }
    return current
  }
  const folded = foldStatus(text)
  if (folded) {
    const after = applyAll(folded.text)
    if (after === undefined) return undefined
    const unfolded = folded.unfold(after)
    if (unfolded !== undefined) return { text: unfolded.text, checked: after, unfolded }
  }
  const after = applyAll(text)
  return after === undefined ? undefined : { text: after, checked: after }
}

/**
 * Stops the command when an edited file would not load; else the checked text as loaded. The
 * folded text is checked (the statuses did not change); when it fails, the whole text is
 * checked again so that every problem is reported at its line in the file.
 */
function checkEdited(app: App, dir: string, file: string, edited: EditedText): LoadedFile {
  const load = (text: string) => loadFile(file, text, app.validator())
  const checked = load(edited.checked)
  if (checked.diagnostics.length === 0) return checked
  app.reportDiagnostics(dir, (edited.checked === edited.text ? checked : load(edited.text)).diagnostics)
  throw new CliError(`${display(app, dir, file)}: the edit would make it invalid; not written`)
}

/** The edited file as `loadFile` gives it, from the check's load; undefined when that is not sure. */
function asLoaded(before: LoadedFile, checked: LoadedFile, edited: EditedText): LoadedFile | undefined {
  return edited.unfolded ? editedFile(before, checked, edited.unfolded) : checked
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
