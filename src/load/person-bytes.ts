/**
 * What people write is capped at 1 MiB; the status berth writes is
 * not, or a large service (the status of 10,000 tasks is over 1 MiB) would
 * make its own file unreadable and brick every later command. The cap counts
 * the bytes outside the documents' top-level `status` blocks.
 */
const MAX_PERSON_BYTES = 1024 * 1024

/**
 * The UTF-8 bytes of `text` outside top-level `status:` blocks, in one linear
 * pass over lines and before any parsing, so a person's oversized file is
 * refused cheaply. A block is a `status:` key at column 0 and every line after
 * it that is blank or indented.
 */
function personBytes(text: string): number {
  let inStatus = false
  let status = 0
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    end = end === -1 ? text.length : end + 1
    const first = text.charCodeAt(start)
    const indented = first === 32 || first === 9 || first === 10 || first === 13
    if (!indented) inStatus = text.startsWith('status:', start)
    if (inStatus) status += Buffer.byteLength(text.slice(start, end))
    start = end
  }
  return Buffer.byteLength(text) - status
}

/** A diagnostic message when `text` holds more than people may write, else undefined. */
export function personTooLarge(text: string): string | undefined {
  // Cheap first: fewer characters than the cap cannot be more bytes outside status than 4× that.
  if (text.length <= MAX_PERSON_BYTES / 4 && Buffer.byteLength(text) <= MAX_PERSON_BYTES) return undefined
  const bytes = personBytes(text)
  if (bytes <= MAX_PERSON_BYTES) return undefined
  return `file has ${bytes} bytes outside status; manifests over 1 MiB (status not counted) are refused`
}
