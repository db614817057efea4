import type { AnyResource } from '../model/resource.js'
import type { LoadedFile } from './load-file.js'
import { generationOf } from './spec-digest.js'

/**
 * A file as it loads after berth spliced new statuses into it, worked out without parsing
 * `after` again: `before`'s resources, each with the status `statusOf` says was written
 * (the splice was verified when it was planned, so nothing outside `status` changed).
 * Undefined when that cannot be known without a parse: `before` did not load cleanly, or
 * a write moved the line some resource starts on (a status that grew above a later
 * document, say), so its position would be stale.
 */
export function writtenFile(
  before: LoadedFile,
  after: string,
  statusOf: (resource: AnyResource) => unknown,
): LoadedFile | undefined {
  if (before.diagnostics.length > 0) return undefined
  const unchangedLines = linesBefore(before.text, after)
  if (before.resources.some((r) => r.source.line >= unchangedLines)) return undefined
  const resources = before.resources.map((r) => {
    const status = asWritten(statusOf(r)) as AnyResource['status']
    return { ...r, status, generation: generationOf(r.specDigest, status) } as AnyResource
  })
  return { path: before.path, text: after, resources, diagnostics: [], warnings: [] }
}

/** The 1-based line on which `a` and `b` first differ (one past the end when they do not). */
function linesBefore(a: string, b: string): number {
  const end = Math.min(a.length, b.length)
  let line = 1
  for (let i = 0; i < end; i++) {
    const c = a.charCodeAt(i)
    if (c !== b.charCodeAt(i)) return line
    if (c === 10) line++
  }
  return line
}

/** The value a status reads back as from berth's YAML: undefined fields dropped, in lists null. */
function asWritten(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
}
