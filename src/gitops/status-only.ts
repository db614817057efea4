import { utf8 } from '../io/utf8-text.js'
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
