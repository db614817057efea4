import { lineBreakNear, trailingBreakLength } from './line-bounds.js'
import { locateStatus, type StatusSite } from './locate-status.js'
import { assertParses, parseStream, type StreamDocument } from './parse-stream.js'
import { renderStatus } from './render-status.js'
import { replaceLines } from './text-splice.js'

/** One document's new status (undefined: removed). */
export interface StatusUpdate {
  readonly doc: number
  readonly status: unknown
}

/** A status edit worked out on the parse of a file: its lines `[start, end)` become `lines`. */
export interface StatusSplice extends StatusUpdate {
  readonly start: number
  readonly end: number
  /** The rendered `status` pair, whole lines; empty when the status is removed. */
  readonly lines: string
  readonly site: StatusSite
}

/**
 * Returns `text` with only the top-level `status` pair of document `docIndex` (0-based, as
 * `parseAllDocuments` counts) replaced by `status`, added after the last top-level pair when
 * absent, or removed with its lines when `status` is undefined. Every other byte is kept:
 * the edit is a splice at CST offsets, never a Document round trip. Throws when the file
 * does not parse, the document does not exist, or its top-level node is not a block mapping.
 */
export function replaceStatus(text: string, docIndex: number, status: unknown | undefined): string {
  const documents = parseStream(text)
  assertParses(documents)
  return applySplices(text, statusSplices(text, documents, [{ doc: docIndex, status }]))
}

/**
 * The splices that give each document of `updates` its new status, worked out on one parse
 * of `text`; a removal where there is no status needs none. Throws as `replaceStatus`.
 */
export function statusSplices(
  text: string,
  documents: readonly StreamDocument[],
  updates: readonly StatusUpdate[],
): StatusSplice[] {
  return splicesAtSites(text, documents.length, (doc) => locateStatus(text, documents[doc]!.cst), updates)
}

/**
 * `statusSplices` from the status sites of a file's `count` documents, however they were
 * found (`siteOf` may throw for a document that cannot take a status, as `locateStatus` does).
 */
export function splicesAtSites(
  text: string,
  count: number,
  siteOf: (doc: number) => StatusSite,
  updates: readonly StatusUpdate[],
): StatusSplice[] {
  return updates.flatMap((update) => {
    const splice = statusSplice(text, count, siteOf, update)
    return splice ? [splice] : []
  })
}

/** `text` with the splices made, from the last to the first so that offsets stay those of the parse. */
export function applySplices(text: string, splices: readonly StatusSplice[]): string {
  let out = text
  for (const s of [...splices].sort((a, b) => b.start - a.start))
    out = replaceLines(out, s.start, s.end, s.lines)
  return out
}

function statusSplice(
  text: string,
  count: number,
  siteOf: (doc: number) => StatusSite,
  { doc, status }: StatusUpdate,
): StatusSplice | undefined {
  if (!(Number.isInteger(doc) && doc >= 0 && doc < count))
    throw new Error(`document ${doc} does not exist: the file has ${count}`)
  const site = siteOf(doc)
  if (status === undefined) {
    if (!site.pair) return undefined
    if (cutChangesScalar(text, site)) throw new Error(scalarMessage('remove', doc))
    return { doc, status, ...site.pair, lines: '', site }
  }
  if (!site.pair && insertChangesScalar(text, site)) throw new Error(scalarMessage('add', doc))
  const at = site.pair ?? { start: site.insertAt, end: site.insertAt }
  const newline = lineBreakNear(text, at.start)
  const lines = renderStatus(status, { column: site.column, style: site.style, newline })
  return { doc, status, start: at.start, end: at.end, lines, site }
}

/**
 * Removes the top-level `status` pair of every document, keeping every other byte: what a
 * git clean filter shows, and the text compared to tell a person's edit from berth's.
 * Documents that do not parse or are not block mappings are left as they are, so this never
 * throws on a person's file. A pure text cut: unlike `replaceStatus(…, undefined)` it does
 * not refuse when a `|+` block scalar right above the status would take the blank lines below.
 */
export function removeStatus(text: string, documents: readonly StreamDocument[] = parseStream(text)): string {
  let out = text
  for (const { cst, doc } of [...documents].reverse()) {
    if (doc.errors.length > 0 || cst.value?.type !== 'block-map') continue
    const site = safeLocate(text, cst)
    if (site?.pair) out = replaceLines(out, site.pair.start, site.pair.end, '')
  }
  return out
}

function safeLocate(text: string, cst: Parameters<typeof locateStatus>[1]): StatusSite | undefined {
  try {
    return locateStatus(text, cst)
  } catch {
    // Only a status key that shares its line with other content lands here; keep it.
    return undefined
  }
}

/**
 * Line breaks right after a block scalar belong to it: `|+` keeps every blank line below,
 * `|` keeps one final break. Cutting the status pair below such a scalar must not hand it
 * blank lines, nor take its final break at an unterminated file end.
 */
function cutChangesScalar(text: string, site: StatusSite): boolean {
  const scalar = site.scalarBeforePair
  if (!site.pair || !scalar || scalar.chomping === 'strip') return false
  const rest = text.slice(site.pair.end)
  if (rest === '') return trailingBreakLength(text) === 0
  return scalar.chomping === 'keep' && /^[ \t]*(\r?\n|$)/.test(rest)
}

/** A pair added after a block scalar that ends the file without a break would give it one. */
function insertChangesScalar(text: string, site: StatusSite): boolean {
  const scalar = site.scalarAtEnd
  const unterminated = site.insertAt === text.length && trailingBreakLength(text) === 0
  return unterminated && scalar !== undefined && scalar.chomping !== 'strip' && scalar.end === text.length
}

function scalarMessage(verb: 'add' | 'remove', docIndex: number): string {
  return (
    `cannot ${verb} the status of document ${docIndex} without changing the block scalar ` +
    'above it, whose value includes the line breaks that follow it'
  )
}
