import { createHash } from 'node:crypto'
import type { Registry } from '../plugins/registry.js'
import type { Store } from '../store/store.js'

/**
 * What a reconcile reads besides the manifests: the plugin catalog (the shipped one and any
 * `--registry` folders). Part of the converged-tree digest, so a catalog change is never
 * mistaken for "nothing changed".
 */
export function reconcileInputs(registry: Registry): string {
  const entries = [...registry.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const catalog = entries.map(([key, e]) => [key, e.remote, e.config])
  return createHash('sha256')
    .update(JSON.stringify({ catalog, errors: registry.errors.map((e) => e.message) }))
    .digest('base64url')
}

/**
 * What the edge read for Secrets and Configs (their files' digests and sizes, or the problem):
 * content lives outside the manifests, so a rotated file with unchanged manifests is never
 * mistaken for a converged tree.
 */
export function observedContent(store: Store): string {
  const facts = (['Secret', 'Config'] as const).flatMap((kind) =>
    store.list(kind).map((r) => [kind, r.name, r.content ?? null]),
  )
  if (facts.length === 0) return ''
  return createHash('sha256').update(JSON.stringify(facts)).digest('base64url')
}
