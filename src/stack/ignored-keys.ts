import { isRecord } from '../validate/access.js'
import type { ComposePath } from './compose-path.js'

type Data = Record<string, unknown>

/** Service keys `docker stack deploy` ignores with "Ignoring unsupported options: …". */
const DOCKER_UNSUPPORTED: readonly string[] = [
  'build',
  'cap_add',
  'cap_drop',
  'cgroup_parent',
  'devices',
  'domainname',
  'external_links',
  'ipc',
  'links',
  'mac_address',
  'network_mode',
  'pid',
  'privileged',
  'restart',
  'security_opt',
  'shm_size',
  'sysctls',
  'ulimits',
  'userns_mode',
]

/** Service keys Docker ignores as deprecated, with its reason for each. */
const DOCKER_DEPRECATED: Readonly<Record<string, string>> = {
  container_name: 'Setting the container name is not supported.',
  expose:
    "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
}

/** Service keys Docker refuses outright, with its words. */
const DOCKER_FORBIDDEN: Readonly<Record<string, string>> = {
  extends: 'Support for `extends` is not implemented yet.',
  volume_driver:
    'Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.',
  volumes_from:
    'To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.',
  cpu_quota: 'Set resource limits using deploy.resources',
  cpu_shares: 'Set resource limits using deploy.resources',
  cpuset: 'Set resource limits using deploy.resources',
  mem_limit: 'Set resource limits using deploy.resources',
  memswap_limit: 'Set resource limits using deploy.resources',
}

/**
 * What berth reads, as paths below a service, a top-level network, volume, secret or config.
 * A key Docker supports but berth has no field for (a healthcheck, a restart policy) is
 * named in a warning of its own, so nothing is dropped silently.
 */
const SERVICE_MAPPED = new Set([
  'image',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'labels',
  'networks',
  'volumes',
  'logging',
  'ports',
  'secrets',
  'configs',
  'deploy',
  'deploy.mode',
  'deploy.replicas',
  'deploy.labels',
  'deploy.placement',
  'deploy.update_config',
  'deploy.rollback_config',
  'deploy.resources',
  'deploy.resources.limits',
  'deploy.resources.limits.cpus',
  'deploy.resources.limits.memory',
  'deploy.resources.reservations',
  'deploy.resources.reservations.cpus',
  'deploy.resources.reservations.memory',
])
/** Mapped keys whose own keys berth reads one by one; every other mapped key is read whole. */
const RECURSE = new Set([
  'deploy',
  'deploy.resources',
  'deploy.resources.limits',
  'deploy.resources.reservations',
])
const TOP_MAPPED: Readonly<Record<string, ReadonlySet<string>>> = {
  networks: new Set([
    'driver',
    'driver_opts',
    'attachable',
    'internal',
    'ipam',
    'external',
    'name',
    'labels',
  ]),
  volumes: new Set(['driver', 'driver_opts', 'external', 'name', 'labels']),
  secrets: new Set(['file', 'external', 'name', 'labels']),
  configs: new Set(['file', 'external', 'name', 'labels']),
}

/** What berth reads of a service's mount in the long syntax. */
const MOUNT_MAPPED = new Set(['type', 'source', 'target', 'read_only'])

/** The warnings and refusals a merged compose file earns before it is converted. */
export interface KeyReport {
  /** Docker's unsupported service keys present, sorted. */
  readonly unsupported: readonly string[]
  /** Docker's deprecated service keys present, sorted, with Docker's reason. */
  readonly deprecated: readonly (readonly [string, string])[]
  /** Keys Docker maps that berth has no field for, as dotted paths, sorted. */
  readonly unmodeled: readonly string[]
  /** Keys Docker refuses: where and Docker's words. */
  readonly forbidden: readonly { readonly path: ComposePath; readonly message: string }[]
}

export function reportKeys(compose: Data): KeyReport {
  const unsupported = new Set<string>()
  const deprecated = new Map<string, string>()
  const unmodeled = new Set<string>() // relative to a service
  const unmodeledTop = new Set<string>()
  const forbidden: { path: ComposePath; message: string }[] = []
  const services = isRecord(compose.services) ? compose.services : {}
  for (const [name, svc] of Object.entries(services)) {
    if (!isRecord(svc)) continue
    for (const key of Object.keys(svc)) {
      if (key.startsWith('x-')) continue
      const refusal = DOCKER_FORBIDDEN[key]
      if (refusal)
        forbidden.push({ path: ['services', name, key], message: `services.${name}.${key}: ${refusal}` })
      else if (DOCKER_UNSUPPORTED.includes(key)) unsupported.add(key)
      else if (DOCKER_DEPRECATED[key]) deprecated.set(key, DOCKER_DEPRECATED[key])
      else unmodeledBelow(svc, key, '', unmodeled)
    }
    for (const options of Object.values(isRecord(svc.networks) ? svc.networks : {})) {
      if (isRecord(options)) for (const key of Object.keys(options)) unmodeled.add(`networks.*.${key}`)
    }
    for (const mount of Array.isArray(svc.volumes) ? svc.volumes : []) {
      if (!isRecord(mount)) continue
      for (const key of Object.keys(mount)) if (!MOUNT_MAPPED.has(key)) unmodeled.add(`volumes[].${key}`)
    }
  }
  for (const [section, mapped] of Object.entries(TOP_MAPPED)) {
    const entries = compose[section]
    if (!isRecord(entries)) continue
    for (const value of Object.values(entries)) {
      if (!isRecord(value)) continue
      for (const key of Object.keys(value))
        if (!key.startsWith('x-') && !mapped.has(key)) unmodeledTop.add(`${section}.*.${key}`)
    }
  }
  if (typeof compose.name === 'string') unmodeledTop.add('name')
  return {
    unsupported: [...unsupported].sort(),
    deprecated: [...deprecated].sort(([a], [b]) => (a < b ? -1 : 1)),
    unmodeled: [...[...unmodeled].map((k) => `services.*.${k}`), ...unmodeledTop].sort(),
    forbidden,
  }
}

/** Adds `prefix+key` (and what is below it) to `out` where berth has no field for it. */
function unmodeledBelow(parent: Data, key: string, prefix: string, out: Set<string>): void {
  const path = `${prefix}${key}`
  if (key.startsWith('x-')) return
  if (!SERVICE_MAPPED.has(path)) {
    out.add(path)
    return
  }
  const value = parent[key]
  if (!RECURSE.has(path) || !isRecord(value)) return
  for (const child of Object.keys(value)) unmodeledBelow(value, child, `${path}.`, out)
}

/** The warning lines, Docker's words first, each ending in a newline. */
export function warningLines(report: KeyReport): string {
  let out = ''
  if (report.unsupported.length > 0)
    out += `Ignoring unsupported options: ${report.unsupported.join(', ')}\n\n`
  if (report.deprecated.length > 0)
    out += `Ignoring deprecated options:\n\n${report.deprecated.map(([k, why]) => `${k}: ${why}`).join('\n\n')}\n\n`
  if (report.unmodeled.length > 0)
    out += `Ignoring options berth does not model: ${report.unmodeled.join(', ')}\n\n`
  return out
}
