import { parseInterval } from '../gitops/interval.js'
import type { EtcdEndpoint } from './endpoint.js'
import { EndpointError, parseEtcdEndpoint } from './endpoint.js'
import type { SecurityFlags } from './security.js'
import { readSecurity } from './security.js'

/** The flags that only mean something with `--store`. */
const SECURITY_FLAGS: readonly (readonly [keyof SecurityFlags, string])[] = [
  ['etcdCacert', '--etcd-cacert'],
  ['etcdCert', '--etcd-cert'],
  ['etcdKey', '--etcd-key'],
  ['etcdUser', '--etcd-user'],
]

/** An `--etcd-…` flag given without `--store`: a usage error naming it. */
export function checkNoStrayEtcdFlag(opts: { store?: string } & SecurityFlags): void {
  if (opts.store !== undefined) return
  const stray = SECURITY_FLAGS.find(([key]) => opts[key] !== undefined)
  if (stray) throw new EndpointError(`${stray[1]} needs --store etcd://…`)
}

/**
 * `--store` and the `--etcd-…` flags: where etcd is and how to reach it, checked (the TLS
 * files are read here); undefined without `--store`. A usage error names the flag. Kept
 * apart from the etcd client: checking the flags loads none of it.
 */
export function parseStoreEndpoint(
  opts: { store?: string } & SecurityFlags,
  env: NodeJS.ProcessEnv,
): EtcdEndpoint | undefined {
  checkNoStrayEtcdFlag(opts)
  if (opts.store === undefined) return undefined
  return parseEtcdEndpoint(opts.store, readSecurity(opts, env))
}

/** `--store`, the `--etcd-…` flags and `--lease-ttl` of `berth watch`, checked. */
export function parseStoreOptions(
  opts: { store?: string; leaseTtl?: string } & SecurityFlags,
  env: NodeJS.ProcessEnv = {},
): { endpoint: EtcdEndpoint; ttlSeconds: number } | undefined {
  const endpoint = parseStoreEndpoint(opts, env)
  if (endpoint === undefined) return undefined
  const ms = parseInterval(opts.leaseTtl ?? '15s')
  if (ms === undefined || ms % 1000 !== 0)
    throw new EndpointError(`--lease-ttl: expected whole seconds such as 5s or 15s, got "${opts.leaseTtl}"`)
  return { endpoint, ttlSeconds: ms / 1000 }
}
