import type { AnyResource } from '../model/resource.js'
import type { Unfolded } from '../yamledit/fold-status.js'
import type { LoadedFile } from './load-file.js'
import { generationOf } from './spec-digest.js'

/**
 * What `loadFile` gives for a file whose status pairs are the bytes they were in `before`,
 * without parsing them: the folded text (`foldStatus`) as loaded, each resource with the
 * status its pair held before, and its position moved down by the status lines folded above
 * it. Undefined when that cannot be sure: the file before or the folded text had a problem
 * or a warning (a status berth did not write is read again), the resources before do not
 * account for every pair, or a pair now belongs to a resource of another kind or name (a
 * status is read for the resource it belongs to).
 */
export function editedFile(
  before: LoadedFile,
  folded: LoadedFile,
  unfolded: Unfolded,
): LoadedFile | undefined {
  if (before.diagnostics.length > 0 || before.warnings.length > 0) return undefined
  if (folded.diagnostics.length > 0 || folded.warnings.length > 0) return undefined
  // The resources that held the pairs, in document order: one each, or the pairs cannot be told apart.
  const holders = before.resources
    .filter((r) => r.status !== undefined)
    .sort((a, b) => a.source.doc - b.source.doc)
  if (holders.length !== unfolded.folded) return undefined
  const resources: AnyResource[] = []
  let pair = 0
  for (const r of [...folded.resources].sort((a, b) => a.source.doc - b.source.doc)) {
    const source = { ...r.source, line: unfolded.fileLine(r.source.line) }
    if (r.status === undefined) {
      resources.push({ ...r, source })
      continue
    }
    const old = holders[unfolded.kept[pair++] ?? -1]
    if (old?.kind !== r.kind || old.name !== r.name) return undefined
    const status = old.status
    resources.push({ ...r, source, status, generation: generationOf(r.specDigest, status) } as AnyResource)
  }
  if (pair !== unfolded.kept.length) return undefined
  // The statuses are the bytes they were: in today's layout if they were.
  const current = before.statusLayoutCurrent ? { statusLayoutCurrent: true } : {}
  return { path: before.path, text: unfolded.text, resources, diagnostics: [], warnings: [], ...current }
}
