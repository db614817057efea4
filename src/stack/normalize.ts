import { isRecord } from '../validate/access.js'
import type { ComposePath } from './compose-path.js'
import { showPath } from './compose-path.js'
import { parseShortPort } from './compose-ports.js'
import { parseShortVolume } from './compose-volumes.js'
import { shellWords } from './shell-words.js'

/** A problem with a value the schema accepts but Compose cannot read (`ports: ["80:abc"]`). */
export interface NormalizeError {
  readonly path: ComposePath
  readonly message: string
}

type Data = Record<string, unknown>

/**
 * Brings one compose file's every short syntax to the long one, so files merge and convert
 * in one shape: `environment`/`labels` lists become mappings, short ports, volumes, secrets
 * and configs become objects, a service's network list a mapping, command strings word
 * lists, a top-level entry written as `name:` alone an empty mapping.
 */
export function normalizeCompose(data: Data, errors: NormalizeError[]): Data {
  const out: Data = { ...data }
  for (const section of ['networks', 'volumes', 'secrets', 'configs']) {
    if (!isRecord(data[section])) continue
    out[section] = Object.fromEntries(
      Object.entries(data[section]).map(([key, value]) => [key, normalizeTopLevel(value)]),
    )
  }
  if (isRecord(data.services)) {
    out.services = Object.fromEntries(
      Object.entries(data.services).map(([name, svc]) => [
        name,
        isRecord(svc) ? normalizeService(svc, ['services', name], errors) : {},
      ]),
    )
  }
  return out
}

/** `external: {name: x}` (the old form) is `external: true, name: x`. */
function normalizeTopLevel(value: unknown): Data {
  if (!isRecord(value)) return {}
  const external = value.external
  if (isRecord(external)) {
    const { external: _old, ...rest } = value
    return { ...rest, external: true, ...(typeof external.name === 'string' ? { name: external.name } : {}) }
  }
  return value
}

function normalizeService(svc: Data, at: ComposePath, errors: NormalizeError[]): Data {
  const out: Data = { ...svc }
  const fail = (path: ComposePath, message: string) =>
    errors.push({ path, message: `${showPath(path)}: ${message}` })
  if (svc.environment !== undefined) out.environment = listOrDict(svc.environment, null)
  if (svc.labels !== undefined) out.labels = listOrDict(svc.labels, '')
  if (isRecord(svc.deploy) && svc.deploy.labels !== undefined)
    out.deploy = { ...svc.deploy, labels: listOrDict(svc.deploy.labels, '') }
  for (const key of ['command', 'entrypoint']) {
    const value = svc[key]
    if (typeof value !== 'string') continue
    const words = shellWords(value)
    if (words) out[key] = words
    else fail([...at, key], 'unclosed quote')
  }
  if (typeof svc.env_file === 'string') out.env_file = [svc.env_file]
  if (Array.isArray(svc.networks))
    out.networks = Object.fromEntries(svc.networks.map((n) => [String(n), null]))
  if (Array.isArray(svc.ports)) {
    out.ports = svc.ports.flatMap((port, i): unknown[] => {
      if (isRecord(port)) return [port]
      const parsed = parseShortPort(port as string | number)
      if (typeof parsed === 'string') fail([...at, 'ports', i], parsed)
      return typeof parsed === 'string' ? [] : parsed
    })
  }
  if (Array.isArray(svc.volumes)) {
    out.volumes = svc.volumes.flatMap((volume, i): unknown[] => {
      if (isRecord(volume)) return [volume]
      const parsed = parseShortVolume(String(volume))
      if (typeof parsed === 'string') fail([...at, 'volumes', i], parsed)
      return typeof parsed === 'string' ? [] : [parsed]
    })
  }
  for (const key of ['secrets', 'configs']) {
    const list = svc[key]
    if (Array.isArray(list)) out[key] = list.map((item) => (isRecord(item) ? item : { source: String(item) }))
  }
  return out
}

/**
 * Compose's `list_or_dict`: `[KEY=VALUE, …]` or a mapping, as a mapping of strings. A bare
 * `KEY` in a list, or a key with no value, gets `bare` (null for environment: taken from the
 * environment; "" for labels).
 */
function listOrDict(value: unknown, bare: string | null): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = String(item)
      const eq = text.indexOf('=')
      if (eq === -1) out[text] = bare
      else out[text.slice(0, eq)] = text.slice(eq + 1)
    }
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) out[k] = v === null || v === undefined ? bare : String(v)
  }
  return out
}
