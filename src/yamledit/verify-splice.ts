import { isDeepStrictEqual } from 'node:util'
import { CST } from 'yaml'
import { assertParses, parseStream, type StreamDocument } from './parse-stream.js'
import { removeStatus } from './replace-status.js'

/**
 * The text of a file outside all top-level status pairs (the same as `removeStatus`). Two
 * versions of a file with equal `textWithoutStatus` differ only in status: the way to tell
 * berth's own write from a person's edit, comments included.
 */
export function textWithoutStatus(text: string): string {
  return removeStatus(text)
}

/**
 * Checks a status write before it reaches the disk: `after` parses without errors, has as
 * many documents as `before`, every other document's text is unchanged, the target
 * document's value equals the old one with `status` replaced (or removed when undefined),
 * and the text outside the status pairs is byte-identical. Throws on any violation.
 */
export function verifyStatusSplice(before: string, after: string, docIndex: number, status: unknown): void {
  verifyStatusSplices(before, after, [{ doc: docIndex, status }])
}

/** One document's new status (undefined: removed). */
export interface StatusUpdate {
  readonly doc: number
  readonly status: unknown
}

/**
 * `verifyStatusSplice` for several documents of one file at once, parsing each text once;
 * `old` may pass the parse of `before` that the splices were made from.
 */
export function verifyStatusSplices(
  before: string,
  after: string,
  updates: readonly StatusUpdate[],
  old: readonly StreamDocument[] = parseStream(before),
): void {
  const next = parseStream(after)
  assertParses(next)
  if (old.length !== next.length) {
    throw new Error(`status write changed the document count from ${old.length} to ${next.length}`)
  }
  const byDoc = new Map(updates.map((u) => [u.doc, u]))
  for (const [i, doc] of next.entries()) {
    const update = byDoc.get(i)
    const target = old[i]!
    if (!update) {
      if (CST.stringify(doc.cst) !== CST.stringify(target.cst)) {
        throw new Error(`status write into document ${[...byDoc.keys()].join(', ')} changed document ${i}`)
      }
      continue
    }
    const expected = withStatus(documentValue(target), update.status)
    if (!isDeepStrictEqual(documentValue(doc), expected)) {
      throw new Error(`status write into document ${i} does not read back as intended`)
    }
  }
  for (const u of updates) {
    if (!old[u.doc]) throw new Error(`document ${u.doc} does not exist: the file has ${old.length}`)
  }
  if (removeStatus(before, old) !== removeStatus(after, next)) {
    throw new Error(
      `status write into document ${[...byDoc.keys()].join(', ')} changed text outside the status`,
    )
  }
}

function documentValue({ doc }: StreamDocument): unknown {
  return doc.toJS()
}

function withStatus(value: unknown, status: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('cannot write status: the document is not a mapping')
  }
  const { status: _old, ...rest } = value as Record<string, unknown>
  return status === undefined ? rest : { ...rest, status: asYamlData(status) }
}

/** What a value reads back as after `stringify`: undefined properties dropped, in lists null. */
function asYamlData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : asYamlData(v)))
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  return Object.fromEntries(entries.map(([k, v]) => [k, asYamlData(v)]))
}
