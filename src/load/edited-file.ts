import type { AnyResource } from '../model/resource.js'
import type { Unfolded } from '../yamledit/fold-status.js'
import type { LoadedFile } from './load-file.js'
import { generationOf } from './spec-digest.js'

/**
 * What `loadFile` gives for a file edited with its statuses folded (`foldStatus`), without
 * parsing the statuses: the folded text as loaded, with each resource's status taken from
 * the file as it was before the edit (the edit did not touch them) and its position moved
 * down by the status lines folded above it. Undefined when that cannot be sure: the file
 * before or the folded text had a problem or a warning, or a status to put back belongs to
 * no resource the file had (by kind and name).
 */
export function editedFile(
  before: LoadedFile,
  folded: LoadedFile,
  unfolded: Unfolded,
): LoadedFile | undefined {
  if (before.diagnostics.length > 0 || before.warnings.length > 0) return undefined
  if (folded.diagnostics.length > 0 || folded.warnings.length > 0) return undefined
  const resources: AnyResource[] = []
  for (const r of folded.resources) {
    const source = { ...r.source, line: unfolded.fileLine(r.source.line) }
    // A folded status reads as `{}`; the status itself is the one the file had.
    if (!isEmptyObject(r.status)) {
      resources.push({ ...r, source })
      continue
    }
    const old = before.resources.find((o) => o.kind === r.kind && o.name === r.name)
    if (!old) return undefined
    const status = old.status
    resources.push({ ...r, source, status, generation: generationOf(r.specDigest, status) } as AnyResource)
  }
  // The statuses are the bytes they were: in today's layout if they were.
  const current = before.statusLayoutCurrent ? { statusLayoutCurrent: true } : {}
  return { path: before.path, text: unfolded.text, resources, diagnostics: [], warnings: [], ...current }
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  )
}
