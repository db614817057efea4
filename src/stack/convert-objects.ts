import path from 'node:path'
import type { Kind } from '../model/kinds.js'
import { isRecord } from '../validate/access.js'
import { showPath } from './compose-path.js'
import { STACK_LABEL, scopedName } from './names.js'
import type { ContentReader, ConvertIssue, StackResource } from './stack-resource.js'
import { stringMap } from './string-map.js'

type Data = Record<string, unknown>

/** The four top-level sections and the Berth kind each becomes. */
export const SECTIONS = [
  ['networks', 'Network'],
  ['volumes', 'Volume'],
  ['secrets', 'Secret'],
  ['configs', 'Config'],
] as const satisfies readonly (readonly [string, Kind])[]

export type Section = (typeof SECTIONS)[number][0]

/** The Berth name of every entry of one top-level section, by compose key. */
export function sectionNames(stack: string, compose: Data, section: Section): Map<string, string> {
  const entries = isRecord(compose[section]) ? compose[section] : {}
  const names = new Map<string, string>()
  for (const [key, entry] of Object.entries(entries))
    names.set(key, scopedName(stack, key, isRecord(entry) ? entry : {}))
  return names
}

/**
 * Converts one top-level network, volume, secret or config that a service uses into its
 * Berth resource; an external one is not written (it exists already, or its users wait for
 * it). A network gets Docker's stack default, the `overlay` driver; a volume `local`. A
 * secret's or config's file is referenced in place, or its bytes are taken for a copy.
 */
export function convertObject(
  stack: string,
  section: Section,
  key: string,
  entry: Data,
  source: { readonly workingDir: string; readonly readContent?: ContentReader | undefined },
  issues: ConvertIssue[],
): StackResource | undefined {
  if (entry.external === true) return undefined
  const kind = SECTIONS.find(([s]) => s === section)?.[1] as Kind
  const at = [section, key]
  const labels = { ...labelMap(entry.labels), [STACK_LABEL]: stack }
  const name = scopedName(stack, key, entry)
  if (section === 'networks') return { kind, name, labels, spec: networkSpec(entry), path: at }
  if (section === 'volumes') {
    const driverOpts = stringMap(entry.driver_opts)
    const spec = {
      driver: entry.driver ?? 'local',
      ...(Object.keys(driverOpts).length > 0 ? { driverOpts } : {}),
    }
    return { kind, name, labels, spec, path: at }
  }
  if (typeof entry.file !== 'string') {
    issues.push({
      path: at,
      message: `${showPath(at)}: needs file: (a path to the content) or external: true`,
    })
    return undefined
  }
  const contentFile = path.resolve(source.workingDir, entry.file)
  const content = source.readContent?.(contentFile, kind as 'Secret' | 'Config') ?? 'in-place'
  if (content === 'in-place') return { kind, name, labels, spec: {}, contentFile, path: at }
  if ('problem' in content) {
    const fileAt = [...at, 'file']
    issues.push({ path: fileAt, message: `${showPath(fileAt)}: ${entry.file} ${content.problem}` })
    return undefined
  }
  return { kind, name, labels, spec: {}, contentFile, contentCopy: content.bytes, path: at }
}

function networkSpec(entry: Data): Data {
  const spec: Data = { driver: entry.driver ?? 'overlay' }
  const driverOpts = stringMap(entry.driver_opts)
  if (Object.keys(driverOpts).length > 0) spec.driverOpts = driverOpts
  if (entry.attachable !== undefined) spec.attachable = entry.attachable
  if (entry.internal !== undefined) spec.internal = entry.internal
  const ipam = isRecord(entry.ipam) ? entry.ipam : undefined
  if (ipam) {
    const config = (Array.isArray(ipam.config) ? ipam.config : []).filter(isRecord).map((c) => ({
      ...(c.subnet !== undefined ? { subnet: String(c.subnet) } : {}),
      ...(c.gateway !== undefined ? { gateway: String(c.gateway) } : {}),
      ...(c.ip_range !== undefined ? { ipRange: String(c.ip_range) } : {}),
    }))
    spec.ipam = {
      ...(typeof ipam.driver === 'string' ? { driver: ipam.driver } : {}),
      ...(config.length > 0 ? { config } : {}),
    }
  }
  return spec
}

/** Top-level `labels`, a list (`[a=b]`) or a mapping, as strings. */
function labelMap(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) return stringMap(value)
  return Object.fromEntries(
    value.map((item) => {
      const text = String(item)
      const eq = text.indexOf('=')
      return eq === -1 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)]
    }),
  )
}
