import type { LoadedFile } from '../load/load-file.js'
import { writtenStatus } from '../load/task-lines.js'
import { deepEqual } from '../store/deep-equal.js'
import type { ReadStore } from '../store/store.js'
import type { StatusUpdate } from '../yamledit/replace-status.js'
import { replaceStatuses } from '../yamledit/replace-statuses.js'
import { staleStatusLayout } from './stale-layout.js'

/** A file whose status blocks berth would rewrite: its text as read and as it would be. */
export interface PlannedWrite {
  readonly path: string
  readonly before: string
  readonly after: string
  /** `Kind/name` of each document whose status changes. */
  readonly changed: readonly string[]
}

/** A file whose new status cannot be spliced in (a flow-mapping document, say): left as it is. */
export interface UnwritableFile {
  readonly path: string
  readonly message: string
  /** `Kind/name` of each document whose status was to change. */
  readonly changed: readonly string[]
}

/**
 * Works out, without touching the disk, which files need new status: each
 * document whose status in the store differs from the one in its file gets
 * only its `status` replaced, and every splice is verified by re-parsing. A
 * file whose statuses are all current but laid out by an older berth is rewritten once in
 * today's layout. A file that cannot take its status is reported and skipped; the others go on.
 */
export function planWrites(
  files: readonly LoadedFile[],
  store: ReadStore,
): { writes: PlannedWrite[]; unwritable: UnwritableFile[] } {
  const out: PlannedWrite[] = []
  const unwritable: UnwritableFile[] = []
  for (const file of files) {
    let updates: StatusUpdate[] = []
    const changed: string[] = []
    const unchanged: StatusUpdate[] = []
    for (const loaded of file.resources) {
      const current = store.get(loaded.kind, loaded.name)
      if (!current || current.source.file !== file.path || current.source.doc !== loaded.source.doc) continue
      if (current.status === undefined) continue
      // Compared as berth works with them; written as task lines are written (task-lines.ts).
      const status = writtenStatus(current.kind, current.status)
      if (deepEqual(current.status, loaded.status)) {
        unchanged.push({ doc: loaded.source.doc, status })
        continue
      }
      updates.push({ doc: loaded.source.doc, status })
      changed.push(`${loaded.kind}/${loaded.name}`)
    }
    if (updates.length === 0) {
      const statuses = [...unchanged].sort((a, b) => a.doc - b.doc).map((u) => u.status)
      if (unchanged.length === 0 || file.statusLayoutCurrent || !staleStatusLayout(file.text, statuses))
        continue
      updates = unchanged
    }
    try {
      // The file loaded, so it parses: a line scan may stand in for parsing it again.
      const after = replaceStatuses(file.text, updates, { parses: true })
      if (after !== file.text) out.push({ path: file.path, before: file.text, after, changed })
    } catch (error) {
      unwritable.push({
        path: file.path,
        message: (error as Error).message.replace(/^cannot write status: /, ''),
        changed,
      })
    }
  }
  return { writes: out, unwritable }
}
