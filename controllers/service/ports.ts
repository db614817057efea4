import { portKey, publishedPorts } from '../../src/model/ports.js'
import type { ServiceSpec } from '../../src/model/spec.js'
import type { PublishedPort } from '../../src/model/status.js'
import type { SchedNode, TaskDemand } from '../../src/scheduler/types.js'
import type { View } from '../../src/view/view.js'
import type { Blocker } from './demand.js'

/** The host-mode ports a service's tasks publish, `8080/tcp`: what the host-port filter checks. */
export function hostPortKeys(spec: ServiceSpec): string[] {
  return publishedPorts(spec)
    .filter((p) => p.mode === 'host')
    .map(portKey)
}

/**
 * For the host-port filter: which of the service's host ports are taken on a
 * node, and by whom — a service holding the port for ingress (the routing mesh
 * binds it on every node), else another service's running task there (the
 * first such service by name).
 */
export function hostPortHolders(
  view: View,
  service: string,
  demand: TaskDemand,
): ((node: SchedNode) => ReadonlyMap<string, string>) | undefined {
  const ports = demand.hostPorts ?? []
  if (ports.length === 0) return undefined
  return (node) => {
    const onNode = view.ports.hostPorts(node.name)
    const out = new Map<string, string>()
    for (const port of ports) {
      const ingress = firstOther(view.ports.ingressHeld(port), service)
      const other = firstOther(onNode.get(port), service)
      if (ingress !== undefined) out.set(port, `${ingress} as an ingress port`)
      else if (other !== undefined) out.set(port, other)
    }
    return out
  }
}

/**
 * Why a running task must leave its node over a host port: another service
 * holds the port for ingress (on every node, as the routing mesh does), or
 * another service's task publishes it there. In the second case both were
 * placed before the clash (a port added to a running service), so, without
 * talking to each other, both agree: the service first by name keeps the port.
 */
export function hostPortEviction(
  view: View,
  service: string,
  demand: TaskDemand,
  node: string,
): string | undefined {
  const onNode = view.ports.hostPorts(node)
  for (const port of demand.hostPorts ?? []) {
    const ingress = firstOther(view.ports.ingressHeld(port), service)
    if (ingress !== undefined) return `port ${port} is in use by service ${ingress} as an ingress port`
    const other = firstOther(onNode.get(port), service)
    if (other !== undefined && other < service)
      return `host-mode port ${port} already in use by service ${other} on ${node}`
  }
  return undefined
}

/**
 * An ingress port is published on every node, so one service holds it cluster-wide.
 * The holder is the service whose status already says it holds the port (the
 * earlier one: later services cannot take it from a running one); when none
 * does yet, the first by name among those that want it. Any other service that
 * wants it is not Ready and says who holds it, as Swarm refuses the later service.
 */
export function ingressBlocker(name: string, spec: ServiceSpec, view: View): Blocker | undefined {
  for (const port of publishedPorts(spec)) {
    if (port.mode !== 'ingress') continue
    const key = portKey(port)
    const wanting = view.ports.ingressWanted(key)
    const holders = [...view.ports.ingressHeld(key)].filter((s) => s === name || wanting.has(s)).sort()
    const owner = holders[0] ?? [...wanting].sort()[0]
    if (owner !== undefined && owner !== name)
      return {
        reason: 'PortInUse',
        message: `port ${key} is already in use by service ${owner} as an ingress port`,
      }
  }
  return undefined
}

/**
 * The ports a service holds, for its status, in Docker's `Endpoint.Ports` order (protocol,
 * then port): all it publishes, unless one of its ingress ports is another's (then none).
 */
export function heldPorts(spec: ServiceSpec): PublishedPort[] {
  return publishedPorts(spec).sort((a, b) =>
    a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : a.published - b.published,
  )
}

function firstOther(services: ReadonlySet<string> | undefined, self: string): string | undefined {
  let first: string | undefined
  for (const s of services ?? []) if (s !== self && (first === undefined || s < first)) first = s
  return first
}
