import type { AnyResource } from './resource.js'

/**
 * Whether a resource's status describes an older version of its spec
 * (`status.observedGeneration` behind the spec's generation): the spec was
 * edited and berth has not reconciled it yet. A resource without status is
 * not stale, just new.
 */
export function isStale(resource: AnyResource): boolean {
  return resource.status !== undefined && (resource.status.observedGeneration ?? 0) < resource.generation
}

/** The note a table adds to a cell computed from a stale status. */
export const STALE_MARK = ' (stale)'
