import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Whether a request's `Authorization` header carries the token: `Bearer
 * TOKEN` (scrapers, curl), or `Basic` with the token as the password, so a
 * browser can open the page through its own login prompt. Compared in
 * constant time.
 */
export function carriesToken(header: string | undefined, token: string): boolean {
  if (!header) return false
  const space = header.indexOf(' ')
  const scheme = header.slice(0, space).toLowerCase()
  const value = header.slice(space + 1).trim()
  if (scheme === 'bearer') return sameSecret(value, token)
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8')
    return sameSecret(decoded.slice(decoded.indexOf(':') + 1), token)
  }
  return false
}

function sameSecret(given: string, token: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(given), digest(token))
}
