import { removeStatus } from '../yamledit/replace-status.js'

/**
 * Whether two versions of a manifest differ at most in their top-level `status` blocks:
 * the text outside them is compared byte for byte, so a comment or blank line a person
 * changed counts as a person's edit. Bytes that are not UTF-8 are never "status only".
 */
export function onlyStatusDiffers(a: Buffer, b: Buffer): boolean {
  const left = utf8(a)
  const right = utf8(b)
  if (left === undefined || right === undefined) return a.equals(b)
  return removeStatus(left) === removeStatus(right)
}

/** The text of bytes that are valid UTF-8; undefined otherwise. */
export function utf8(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8')
  return Buffer.byteLength(text) === bytes.length && Buffer.from(text, 'utf8').equals(bytes)
    ? text
    : undefined
}
