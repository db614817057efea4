import { readStatus } from '../../src/load/task-lines.js'
import { isKind } from '../../src/model/kinds.js'

/**
 * A manifest document's data with its status as berth reads it: task lines completed with
 * what the file writes once for all of them (`taskTemplate`, `desiredState: running`).
 */
export function asRead<T>(doc: T): T {
  if (typeof doc !== 'object' || doc === null) return doc
  const record = doc as { kind?: unknown; status?: unknown }
  if (record.status === undefined || !isKind(record.kind)) return doc
  return { ...record, status: readStatus(record.kind, record.status) } as T
}
