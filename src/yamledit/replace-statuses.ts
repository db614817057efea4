import type { StatusSite } from './locate-status.js'
import { assertParses, parseStream } from './parse-stream.js'
import { applySplices, type StatusUpdate, splicesAtSites, statusSplices } from './replace-status.js'
import { scanStatusSites } from './scan-status-sites.js'
import { splicesProvenSafe } from './splice-check.js'
import { verifyStatusSplices } from './verify-splice.js'

/**
 * Replaces the status of several documents of one file, parsing the file once, and checks
 * the result before it is returned: the same promise as `replaceStatus` followed by
 * `verifyStatusSplice` per document. The check is the cheap one (`splicesProvenSafe`: a byte
 * compare, the boundaries of each splice, and a read-back of the new status lines alone)
 * where it applies, the full re-parse of the result otherwise. Throws when either fails.
 *
 * `known.parses`: the caller knows the text parses without errors (a file that loaded). Then
 * a line scan (`scanStatusSites`) may stand in for the parse of the original, where it
 * proves the same sites and the cheap check proves the splices; otherwise the file is parsed.
 */
export function replaceStatuses(
  text: string,
  updates: readonly StatusUpdate[],
  known: { readonly parses?: boolean } = {},
): string {
  if (known.parses) {
    const scanned = replaceScanned(text, updates)
    if (scanned !== undefined) return scanned
  }
  const documents = parseStream(text)
  assertParses(documents)
  const splices = statusSplices(text, documents, updates)
  const out = applySplices(text, splices)
  if (!splicesProvenSafe(text, out, splices)) verifyStatusSplices(text, out, updates, documents)
  return out
}

/** The result when the line scan finds every site and the cheap check proves the splices; undefined otherwise. */
function replaceScanned(text: string, updates: readonly StatusUpdate[]): string | undefined {
  const sites = scanStatusSites(text)
  if (!sites) return undefined
  const splices = splicesAtSites(text, sites.length, (doc) => sites[doc] as StatusSite, updates)
  const out = applySplices(text, splices)
  return splicesProvenSafe(text, out, splices) ? out : undefined
}
