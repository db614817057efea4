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
  const old = parseStream(before)
  const next = parseStream(after)
  assertParses(next)
  if (old.length !== next.length) {
    throw new Error(`status write changed the document count from ${old.length} to ${next.length}`)
  }
  for (const [i, doc] of next.entries()) {
    if (i !== docIndex && CST.stringify(doc.cst) !== CST.stringify(old[i]!.cst)) {
      throw new Error(`status write into document ${docIndex} changed document ${i}`)
    }
  }
  const target = old[docIndex]
  if (!target) throw new Error(`document ${docIndex} does not exist: the file has ${old.length}`)
  const expected = withStatus(documentValue(target), status)
  if (!isDeepStrictEqual(documentValue(next[docIndex]!), expected)) {
    throw new Error(`status write into document ${docIndex} does not read back as intended`)
  }
  if (textWithoutStatus(before) !== textWithoutStatus(after)) {
    throw new Error(`status write into document ${docIndex} changed text outside the status`)
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
