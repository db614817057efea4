import { portKey, publishedPorts } from '../model/ports.js'
import type { Resource } from '../model/resource.js'
import type { Store } from '../store/store.js'

/** Who publishes which port, kept up to date per Service change. Ports are keyed `8080/tcp`. */
export interface PortIndex {
  /**
   * Host-mode ports in use on a node: port → services with a running task there
   * that holds it — one whose own template publishes it (its `hostPorts`), not
   * merely one of a service whose spec publishes it now.
   */
  hostPorts(node: string): ReadonlyMap<string, ReadonlySet<string>>
  /** Services whose spec publishes the port in ingress mode. */
  ingressWanted(port: string): ReadonlySet<string>
  /** Services whose status says they hold the ingress port. */
  ingressHeld(port: string): ReadonlySet<string>
}

const NONE: ReadonlySet<string> = new Set()
const NO_KEYS: readonly string[] = []
const NO_PORTS: ReadonlyMap<string, ReadonlySet<string>> = new Map()

/**
 * Follows Service changes like the load index: a change costs the ports of
 * that service, not a scan of the cluster. Services without ports cost nothing.
 */
export function createPortIndex(store: Store): PortIndex {
  const host = new Map<string, Map<string, Set<string>>>()
  const wanted = new Map<string, Set<string>>()
  const held = new Map<string, Set<string>>()
  const edit = (map: Map<string, Set<string>>, key: string, name: string, sign: 1 | -1) => {
    const set = map.get(key) ?? new Set<string>()
    if (sign > 0) set.add(name)
    else set.delete(name)
    if (set.size === 0) map.delete(key)
    else map.set(key, set)
  }
  const apply = (service: Resource<'Service'> | undefined, sign: 1 | -1) => {
    if (!service) return
    const ports = publishedPorts(service.spec)
    for (const port of ports) if (port.mode === 'ingress') edit(wanted, portKey(port), service.name, sign)
    for (const port of service.status?.ports ?? [])
      if (port.mode === 'ingress') edit(held, portKey(port), service.name, sign)
    // A task line without a template predates stamping: it is adopted as made from the spec.
    const specKeys = ports.filter((p) => p.mode === 'host').map(portKey)
    const tasks = service.status?.tasks ?? []
    // Indexed, as in the load index: once per task of every changed service.
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i] as (typeof tasks)[number]
      if (!task.node || task.desiredState !== 'running') continue
      const keys = task.hostPorts ?? (task.template === undefined ? specKeys : NO_KEYS)
      if (keys.length === 0) continue
      const onNode = host.get(task.node) ?? new Map<string, Set<string>>()
      host.set(task.node, onNode)
      for (const key of keys) edit(onNode, key, service.name, sign)
      if (onNode.size === 0) host.delete(task.node)
    }
  }
  for (const service of store.list('Service')) apply(service, 1)
  store.subscribe((change) => {
    if (change.kind !== 'Service') return
    apply(change.before, -1)
    apply(change.after, 1)
  })
  return {
    hostPorts: (node) => host.get(node) ?? NO_PORTS,
    ingressWanted: (port) => wanted.get(port) ?? NONE,
    ingressHeld: (port) => held.get(port) ?? NONE,
  }
}
