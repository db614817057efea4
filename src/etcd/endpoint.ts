import type { EtcdSecurity } from './security.js'
import { usesTls } from './security.js'

/** Where an etcd store lives: `etcd://host:port[,host:port…][/prefix]`, and how to reach it. */
export interface EtcdEndpoint {
  /** `http://host:port` for each member given (`https://` with TLS). */
  readonly hosts: readonly string[]
  /** The key prefix everything of this Berth lives under, without a trailing slash. */
  readonly prefix: string
  /** TLS and a user, when the `--etcd-…` flags give them. */
  readonly security?: EtcdSecurity
}

export class EndpointError extends Error {}

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/

/**
 * Parses `--store`. `etcd://127.0.0.1:2379,127.0.0.1:22379/team-a` names two
 * members and the prefix `/team-a`; without a path the prefix is `/berth`.
 */
export function parseEtcdEndpoint(url: string, security?: EtcdSecurity): EtcdEndpoint {
  const match = /^etcd:\/\/([^/]+)(\/.*)?$/.exec(url)
  if (!match)
    throw new EndpointError(`--store: expected etcd://host:port[,host:port…][/prefix], got "${url}"`)
  const hosts = (match[1] ?? '').split(',')
  for (const host of hosts)
    if (!HOST_PORT.test(host)) throw new EndpointError(`--store: "${host}" is not host:port (in "${url}")`)
  const path = (match[2] ?? '/berth').replace(/\/+$/, '')
  const scheme = usesTls(security) ? 'https' : 'http'
  return {
    hosts: hosts.map((h) => `${scheme}://${h}`),
    prefix: path === '' ? '/berth' : path,
    ...(security ? { security } : {}),
  }
}

/** The keys of one Berth under its prefix: objects, and the leader's key. */
export const objectsPrefix = (endpoint: EtcdEndpoint) => `${endpoint.prefix}/objects/`
export const leaderKey = (endpoint: EtcdEndpoint) => `${endpoint.prefix}/leader`
