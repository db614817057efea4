import type { Kind } from '../model/kinds.js'
import { CONTENT_FIELDS, referencedNames } from '../model/references.js'
import type { Resource } from '../model/resource.js'

/** Per kind a service names (Network, Volume, Secret, Config), per name, the services naming it, in name order. */
export type ServiceRefs = ReadonlyMap<Kind, ReadonlyMap<string, readonly string[]>>

/**
 * Which services name which networks (`networks`), volumes (a mount's
 * `source`), secrets and configs: a change to one of those requeues its
 * services without a scan of every service's spec per change.
 */
export function buildServiceRefs(services: readonly Resource<'Service'>[]): ServiceRefs {
  const byKind = new Map<Kind, Map<string, string[]>>()
  const add = (kind: Kind, name: string, service: string) => {
    let byName = byKind.get(kind)
    if (!byName) {
      byName = new Map()
      byKind.set(kind, byName)
    }
    const list = byName.get(name)
    if (!list) byName.set(name, [service])
    // A service naming a thing twice is listed once: its names come one service at a time.
    else if (list[list.length - 1] !== service) list.push(service)
  }
  for (const service of services) {
    const { spec, name } = service
    for (const network of spec.networks ?? []) add('Network', network, name)
    for (const mount of spec.mounts ?? []) if (mount.source !== undefined) add('Volume', mount.source, name)
    for (const { kind } of CONTENT_FIELDS) for (const ref of referencedNames(spec, kind)) add(kind, ref, name)
  }
  return byKind
}
