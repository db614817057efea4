/** Bytes as text only when they are valid UTF-8: one decoding pass, a byte order mark kept. */
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The text of bytes that are valid UTF-8; undefined otherwise. */
export function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes)
  } catch {
    return undefined
  }
}
