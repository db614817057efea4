import { createHash } from 'node:crypto'

/** A short, stable digest of a spec: canonical JSON (sorted keys), sha256. */
export function specDigest(spec: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 16)}`
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`
}

/**
 * The generation a spec is at, surviving restarts without writing outside
 * `status`: the same as the status says while the digest matches, one more
 * when the spec changed since that status was written.
 */
export function generationOf(
  digest: string,
  status: { observedGeneration?: unknown; specDigest?: unknown } | undefined,
): number {
  const observed = typeof status?.observedGeneration === 'number' ? status.observedGeneration : 0
  if (status?.specDigest === digest && observed > 0) return observed
  return observed + 1
}
