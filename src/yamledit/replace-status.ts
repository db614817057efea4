import { lineBreakNear, trailingBreakLength } from './line-bounds.js'
import { locateStatus, type Span, type StatusSite } from './locate-status.js'
import { assertParses, parseStream, type StreamDocument } from './parse-stream.js'
import { renderStatus } from './render-status.js'

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
  return spliceStatus(text, documents, docIndex, status)
}

/**
 * `replaceStatus` over documents parsed once from the original text. `text` may already hold
 * splices in documents after `docIndex` (splice from the last document to the first): the
 * offsets of earlier documents are still those of the parse.
 */
export function spliceStatus(
  text: string,
  documents: readonly StreamDocument[],
  docIndex: number,
  status: unknown | undefined,
): string {
  const target = documents[docIndex]
  if (!target) throw new Error(`document ${docIndex} does not exist: the file has ${documents.length}`)
  const site = locateStatus(text, target.cst)
  if (status === undefined) {
    if (!site.pair) return text
    if (cutChangesScalar(text, site)) throw new Error(scalarMessage('remove', docIndex))
    return cutPair(text, site.pair)
  }
  if (!site.pair && insertChangesScalar(text, site)) throw new Error(scalarMessage('add', docIndex))
  const at = site.pair ?? { start: site.insertAt, end: site.insertAt }
  const newline = lineBreakNear(text, at.start)
  const block = renderStatus(status, { column: site.column, style: site.style, newline })
  return text.slice(0, at.start) + fitAtEnd(text, at, block) + text.slice(at.end)
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
    if (site?.pair) out = cutPair(out, site.pair)
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

/**
 * A pair that ends the file without a final line break is written without one too; a pair
 * inserted at such an end gets a line break before it instead, so the file's missing final
 * newline stays missing.
 */
function fitAtEnd(text: string, at: Span, block: string): string {
  if (at.end < text.length || text.length === 0) return block
  const cut = block.slice(0, block.length - trailingBreakLength(block))
  if (at.start < at.end) return trailingBreakLength(text) > 0 ? block : cut
  return trailingBreakLength(text) > 0 ? block : lineBreakNear(text, at.start) + cut
}

/** Cuts a pair's lines; at the end of a file without a final newline, also the break before it. */
function cutPair(text: string, pair: Span): string {
  const atUnterminatedEnd = pair.end === text.length && trailingBreakLength(text) === 0
  const start = atUnterminatedEnd ? pair.start - trailingBreakLength(text.slice(0, pair.start)) : pair.start
  return text.slice(0, start) + text.slice(pair.end)
}
