import path from 'node:path'
import { isRecord } from '../validate/access.js'
import type { ComposePath } from './compose-path.js'
import { showPath } from './compose-path.js'
import { type Fail, placementOf, resourcesOf, rollout } from './convert-deploy.js'
import { mount } from './convert-mount.js'
import { STACK_LABEL, serviceName } from './names.js'
import type { ConvertIssue, StackResource } from './stack-resource.js'
import { stringMap } from './string-map.js'

type Data = Record<string, unknown>

/** What a service's conversion needs to know about the rest of the stack. */
export interface StackNames {
  readonly stack: string
  /** Compose key → Berth name, for networks, volumes, secrets and configs the file defines. */
  readonly networks: ReadonlyMap<string, string>
  readonly volumes: ReadonlyMap<string, { readonly name: string; readonly driver: string | undefined }>
  readonly secrets: ReadonlyMap<string, string>
  readonly configs: ReadonlyMap<string, string>
  /** The folder of the first compose file: relative paths start there. */
  readonly workingDir: string
  /** A variable from the environment or `.env`, for `environment: [KEY]` without a value. */
  readonly lookup: (name: string) => string | undefined
  /** Reads an `env_file`; a string is the reason it could not be read. */
  readonly envFile: (absolute: string) => ReadonlyMap<string, string> | string
}

/**
 * Converts one merged compose service into a Berth Service, as `docker stack deploy`
 * converts it into a swarm service spec: `entrypoint` → command, `command` → args, the
 * environment sorted, networks (or the stack's `default`), mounts, logging, `deploy`'s
 * mode, replicas, placement, resources, update and rollback configs and labels, ports,
 * secrets and configs. Adds every name it uses to `used`.
 */
export function convertService(
  key: string,
  svc: Data,
  names: StackNames,
  used: Set<string>,
  issues: ConvertIssue[],
): StackResource | undefined {
  const at: ComposePath = ['services', key]
  const fail = (where: ComposePath, message: string) => {
    issues.push({ path: where, message: `${showPath(where)}: ${message}` })
  }
  const before = issues.length
  const deploy = isRecord(svc.deploy) ? svc.deploy : {}
  if (typeof svc.image !== 'string' || svc.image === '')
    fail(at, `invalid image reference for service ${key}: no image specified`)
  const spec: Data = { image: svc.image }
  if (Array.isArray(svc.entrypoint)) spec.command = svc.entrypoint.map(String)
  if (Array.isArray(svc.command)) spec.args = svc.command.map(String)
  const env = environment(svc, names, at, fail)
  if (env.length > 0) spec.env = env
  const mode = deploy.mode ?? 'replicated'
  if (mode === 'global') spec.mode = 'global'
  else if (mode !== 'replicated')
    fail([...at, 'deploy', 'mode'], `berth runs replicated and global services, not ${JSON.stringify(mode)}`)
  if (deploy.replicas !== undefined) {
    if (mode === 'global')
      fail([...at, 'deploy', 'replicas'], 'replicas can only be used with replicated mode')
    else if ((deploy.replicas as number) < 0) fail([...at, 'deploy', 'replicas'], 'must be 0 or more')
    else spec.replicas = deploy.replicas
  }
  spec.networks = networks(svc, names, at, used, fail)
  const mounts = (Array.isArray(svc.volumes) ? svc.volumes : []).flatMap((v, i) =>
    mount(v as Data, names, [...at, 'volumes', i], used, fail),
  )
  if (mounts.length > 0) spec.mounts = mounts
  if (isRecord(svc.logging)) spec.logDriver = logDriver(svc.logging)
  const placement = placementOf(deploy.placement, mode === 'global', [...at, 'deploy', 'placement'], fail)
  if (placement) spec.placement = placement
  const resources = resourcesOf(deploy.resources, [...at, 'deploy', 'resources'], fail)
  if (resources) spec.resources = resources
  for (const [from, to, actions] of [
    ['update_config', 'updateConfig', ['pause', 'continue', 'rollback']],
    ['rollback_config', 'rollbackConfig', ['pause', 'continue']],
  ] as const) {
    if (isRecord(deploy[from])) spec[to] = rollout(deploy[from], actions, [...at, 'deploy', from], fail)
  }
  const ports = (Array.isArray(svc.ports) ? svc.ports : []).map((p, i) =>
    port(p as Data, [...at, 'ports', i], fail),
  )
  if (ports.length > 0) spec.ports = ports
  for (const kind of ['secrets', 'configs'] as const) {
    const list = Array.isArray(svc[kind]) ? (svc[kind] as Data[]) : []
    const refs = list.map((ref, i) => fileReference(kind, ref, names, [...at, kind, i], used, fail))
    conflictingTargets(kind, refs, [...at, kind], fail)
    if (refs.length > 0) spec[kind] = refs
  }
  spec.containerLabels = { ...stringMap(svc.labels), [STACK_LABEL]: names.stack }
  if (issues.length > before) return undefined
  return {
    kind: 'Service',
    name: serviceName(names.stack, key),
    labels: { ...stringMap(deploy.labels), [STACK_LABEL]: names.stack },
    spec,
    path: at,
  }
}

/** `env_file` entries first, then `environment` over them; `KEY` alone takes the variable's value. Sorted, as Docker sorts. */
function environment(svc: Data, names: StackNames, at: ComposePath, fail: Fail): string[] {
  const vars = new Map<string, string>()
  const files = Array.isArray(svc.env_file) ? svc.env_file : []
  files.forEach((file, i) => {
    const read = names.envFile(path.resolve(names.workingDir, String(file)))
    if (typeof read === 'string') fail([...at, 'env_file', i], read)
    else for (const [k, v] of read) vars.set(k, v)
  })
  for (const [k, v] of Object.entries(isRecord(svc.environment) ? svc.environment : {})) {
    const value = v === null ? names.lookup(k) : String(v)
    if (value === undefined) vars.delete(k)
    else vars.set(k, value)
  }
  return [...vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`)
}

function networks(svc: Data, names: StackNames, at: ComposePath, used: Set<string>, fail: Fail): string[] {
  const keys = isRecord(svc.networks) ? Object.keys(svc.networks) : []
  const wanted = keys.length > 0 ? keys : ['default']
  return wanted.flatMap((n) => {
    const name = names.networks.get(n)
    if (name === undefined) {
      fail(
        [...at, 'networks', n],
        `service ${JSON.stringify(at[1])} refers to undefined network ${JSON.stringify(n)}`,
      )
      return []
    }
    used.add(`network:${n}`)
    return [name]
  })
}

function logDriver(logging: Data): Data {
  const options = stringMap(logging.options)
  return {
    name: typeof logging.driver === 'string' ? logging.driver : 'json-file',
    ...(Object.keys(options).length > 0 ? { options } : {}),
  }
}

function port(p: Data, at: ComposePath, fail: Fail): Data {
  const out: Data = { target: p.target }
  if (p.published !== undefined)
    out.published = typeof p.published === 'string' ? Number(p.published) : p.published
  for (const n of ['target', 'published'] as const) {
    const value = out[n]
    if (
      value !== undefined &&
      !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535)
    )
      fail([...at, n], `must be a port number from 1 to 65535, not ${JSON.stringify(p[n])}`)
  }
  if (p.protocol !== undefined) {
    if (!['tcp', 'udp', 'sctp'].includes(String(p.protocol)))
      fail([...at, 'protocol'], 'must be tcp, udp or sctp')
    out.protocol = p.protocol
  }
  if (p.mode !== undefined) {
    if (!['ingress', 'host'].includes(String(p.mode))) fail([...at, 'mode'], 'must be ingress or host')
    out.mode = p.mode
  }
  return out
}

/**
 * Two secrets (or configs) of one service mounted at the same target: Docker's manager
 * refuses the service in these words, so the deploy does too, at the second one.
 */
function conflictingTargets(
  kind: 'secrets' | 'configs',
  refs: readonly Data[],
  at: ComposePath,
  fail: Fail,
): void {
  const seen = new Map<string, unknown>()
  refs.forEach((ref, i) => {
    const target = String(ref.target ?? ref.source)
    const first = seen.get(target)
    if (first === undefined) seen.set(target, ref.source)
    else
      fail(
        [...at, i],
        `service ${JSON.stringify(at[1])}: ${kind.slice(0, -1)} references ${JSON.stringify(first)} and ${JSON.stringify(ref.source)} have a conflicting target: ${JSON.stringify(target)}`,
      )
  })
}

/**
 * A secret or config as the service uses it, named by its Berth name. Docker mounts it
 * under the compose key when no target is given (`/run/secrets/db_password`, `/app.conf`),
 * so when the Berth name differs from the key, the key becomes the target.
 */
function fileReference(
  kind: 'secrets' | 'configs',
  ref: Data,
  names: StackNames,
  at: ComposePath,
  used: Set<string>,
  fail: Fail,
): Data {
  const key = String(ref.source)
  const name = names[kind].get(key)
  const noun = kind === 'secrets' ? 'secret' : 'config'
  if (name === undefined)
    fail(at, `service ${JSON.stringify(at[1])} refers to undefined ${noun} ${JSON.stringify(key)}`)
  used.add(`${noun}:${key}`)
  const out: Data = { source: name ?? key }
  if (ref.target !== undefined) out.target = String(ref.target)
  else if (name !== key) out.target = kind === 'secrets' ? key : `/${key}`
  if (ref.uid !== undefined) out.uid = String(ref.uid)
  if (ref.gid !== undefined) out.gid = String(ref.gid)
  if (ref.mode !== undefined) out.mode = ref.mode
  return out
}
