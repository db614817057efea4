import { createHash } from 'node:crypto'

/**
 * A 25-character lowercase base36 id, as Swarm's ids look, derived from the
 * given parts: the same parts always give the same id, so ids are stable
 * across restarts and two runs over the same input agree.
 */
export function stableId(...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('\0')).digest()
  let n = 0n
  for (let i = 0; i < 17; i++) n = (n << 8n) | BigInt(digest[i] ?? 0)
  return n.toString(36).padStart(25, '0').slice(-25)
}
