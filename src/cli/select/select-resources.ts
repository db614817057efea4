import type { Kind } from '../../model/kinds.js'
import type { Resource } from '../../model/resource.js'
import type { FilterContext } from '../docker/table-filters.js'
import { FILTER_KEYS } from '../docker/table-filters.js'
import { dockerFilter } from './docker-filter.js'
import { matchesSelector, parseSelector } from './label-selector.js'

/** The selection options a listing takes: kubectl's `-l` and, on docker tables, docker's `--filter`. */
export interface SelectOptions {
  readonly selector?: string
  readonly filter?: readonly string[]
}

/** The resources a listing shows after `-l` and `--filter`; bad input is a usage error (exit 2). */
export function selectResources<K extends Kind>(
  kind: K,
  resources: readonly Resource<K>[],
  options: SelectOptions,
  context: FilterContext,
): Resource<K>[] {
  const selector = options.selector === undefined ? [] : parseSelector(options.selector)
  const labelled = resources.filter((r) => matchesSelector(selector, r.labels))
  const keys = (FILTER_KEYS[kind] as (ctx: FilterContext) => Parameters<typeof dockerFilter<Resource<K>>>[2])(
    context,
  )
  return dockerFilter(labelled, options.filter ?? [], keys)
}

/** `-l, --selector` as every listing declares it. */
export const SELECTOR_FLAGS = '-l, --selector <selector>'
export const SELECTOR_HELP =
  "filter by labels, as kubectl: 'zone=b', 'zone!=a', 'zone in (a,b)', '!gpu', joined by commas"
export const FILTER_FLAGS = '-f, --filter <filter...>'
