import { readTree } from '../io/read-tree.js'
import type { Diagnostic } from '../model/diagnostic.js'
import { compareDiagnostics } from '../model/diagnostic.js'
import type { Progress } from '../model/progress.js'
import { stepper } from '../model/progress.js'
import type { AnyResource } from '../model/resource.js'
import { contentFiles } from './content-path.js'
import { findDuplicates } from './duplicates.js'
import type { LoadedFile } from './load-file.js'
import { loadFile } from './load-file.js'
import type { SchemaValidator } from './to-resource.js'

export interface LoadedTree {
  readonly files: readonly LoadedFile[]
  /** Resources from valid files, minus duplicated `kind/name`s. */
  readonly resources: readonly AnyResource[]
  /** Every problem, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[]
  /** Statuses berth set aside to replace (never a reason to refuse), sorted. */
  readonly warnings: readonly Diagnostic[]
}

/**
 * Reads, parses and validates every manifest below `root`, leaving out the
 * files Secrets and Configs read (content, whatever its name). Never throws on user input.
 * `load` replaces `loadFile` per file (the parse cache: a file loaded before is not parsed again).
 */
export async function loadTree(
  root: string,
  validator: SchemaValidator,
  progress?: Progress,
  load: (path: string, text: string) => LoadedFile = (path, text) => loadFile(path, text, validator),
): Promise<LoadedTree> {
  const read = await readTree(root)
  const step = stepper(progress, 'load', read.files.length)
  const files = read.files.map((f, i) => {
    step(i + 1)
    return load(f.path, f.text)
  })
  return treeOfFiles(files, read.diagnostics)
}

/**
 * The tree of loaded files (in path order) and of the files reading refused, leaving out the
 * files Secrets and Configs read as content; duplicates reported as `combineFiles` does.
 */
export function treeOfFiles(files: readonly LoadedFile[], refused: readonly Diagnostic[]): LoadedTree {
  const content = contentFiles(files.flatMap((f) => f.resources))
  return combineFiles(
    files.filter((f) => !content.has(f.path)),
    refused.filter((d) => !content.has(d.file)),
  )
}

/** Merges loaded files: duplicates are reported on both sides and neither is applied. */
export function combineFiles(files: readonly LoadedFile[], extra: readonly Diagnostic[] = []): LoadedTree {
  const all = files.flatMap((f) => f.resources)
  const { unique, diagnostics: duplicates } = findDuplicates(all)
  const diagnostics = [...extra, ...files.flatMap((f) => f.diagnostics), ...duplicates].sort(
    compareDiagnostics,
  )
  const warnings = files.flatMap((f) => f.warnings).sort(compareDiagnostics)
  return { files, resources: unique, diagnostics, warnings }
}
