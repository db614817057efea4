import { parseInterval } from '../gitops/interval.js'
import type { EtcdEndpoint } from './endpoint.js'
import { EndpointError, parseEtcdEndpoint } from './endpoint.js'

/**
 * `--store` and `--lease-ttl` of `berth watch`, checked: a usage error names the flag.
 * Kept apart from the etcd client, so checking the flags loads none of it.
 */
export function parseStoreOptions(opts: {
  store?: string
  leaseTtl?: string
}): { endpoint: EtcdEndpoint; ttlSeconds: number } | undefined {
  if (opts.store === undefined) return undefined
  const endpoint = parseEtcdEndpoint(opts.store)
  const ms = parseInterval(opts.leaseTtl ?? '15s')
  if (ms === undefined || ms % 1000 !== 0)
    throw new EndpointError(`--lease-ttl: expected whole seconds such as 5s or 15s, got "${opts.leaseTtl}"`)
  return { endpoint, ttlSeconds: ms / 1000 }
}
