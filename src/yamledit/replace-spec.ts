import { setIn } from './set-in.js'

/**
 * What `apply` does to an existing document: replaces the whole `spec` value with `spec`
 * rendered in block style and, when `labels` is given, `metadata.labels` too. Everything else
 * (other keys, status, comments outside the replaced values, other documents) is kept byte
 * for byte; a value that is already equal is left as written. Throws when the file does not
 * parse or the result would not read back as intended.
 */
export function replaceSpec(
  text: string,
  docIndex: number,
  spec: Record<string, unknown>,
  labels?: Record<string, string>,
): string {
  const withSpec = setIn(text, docIndex, ['spec'], spec)
  return labels === undefined ? withSpec : setIn(withSpec, docIndex, ['metadata', 'labels'], labels)
}
