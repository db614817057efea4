import { foldStatus, statusPairTexts } from '../yamledit/fold-status.js'
import { editedFile } from './edited-file.js'
import { type LoadedFile, loadFile } from './load-file.js'
import type { SchemaValidator } from './to-resource.js'

/**
 * Files from this size on are loaded again without parsing their statuses when only what a
 * person writes changed: a large service's status is nearly all of its file (100,000 task
 * lines are 14 MB), while smaller files parse in about the time the check takes.
 */
export const KEEP_STATUSES_FROM_BYTES = 64 * 1024

/**
 * The new `text` of a file loaded before (`before`), without parsing its statuses, when
 * `sameStatuses` says its status pairs are the bytes they were (given the new pairs' texts,
 * in document order): the rest of the file is loaded with each status folded to one line,
 * and each resource keeps the status it had (`editedFile`). Undefined whenever that is not
 * sure (then parse the whole file): the text is small, the pairs cannot be proved by the line
 * scan or are not the same, or anything in the rest does not load cleanly.
 */
export function loadKeepingStatuses(
  before: LoadedFile,
  text: string,
  validator: SchemaValidator,
  sameStatuses: (pairs: readonly string[]) => boolean,
): LoadedFile | undefined {
  if (text.length < KEEP_STATUSES_FROM_BYTES) return undefined
  const fold = foldStatus(text)
  if (!fold || !sameStatuses(fold.pairs)) return undefined
  return editedFile(before, loadFile(before.path, fold.text, validator), fold.unchanged)
}

/** `loadKeepingStatuses` when the text before is at hand (the daemon keeps each file's). */
export function reloadFile(
  before: LoadedFile,
  text: string,
  validator: SchemaValidator,
): LoadedFile | undefined {
  return loadKeepingStatuses(before, text, validator, (pairs) => {
    const was = statusPairTexts(before.text) ?? []
    return pairs.length === was.length && pairs.every((pair, i) => pair === was[i])
  })
}
