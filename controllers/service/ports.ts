import { portKey, publishedPorts } from '../../src/model/ports.js'
import type { ServiceSpec } from '../../src/model/spec.js'
import type { PublishedPort, TaskStatus } from '../../src/model/status.js'
import type { SchedNode, TaskDemand } from '../../src/scheduler/types.js'
import type { View } from '../../src/view/view.js'
import type { Blocker } from './demand.js'
import type { Stamp } from './plan-types.js'

/** The host-mode ports a service's tasks publish, `8080/tcp`: what the host-port filter checks. */
export function hostPortKeys(spec: Pick<ServiceSpec, 'ports'>): string[] {
  return publishedPorts(spec)
    .filter((p) => p.mode === 'host')
    .map(portKey)
}

/** `hostPorts` for a stamp or a task line: present only when the template publishes some. */
export function hostPortsField(keys: readonly string[] | undefined): { hostPorts?: string[] } {
  return keys && keys.length > 0 ? { hostPorts: [...keys] } : {}
}

/**
 * A kept running task as the plan records it. A task recorded before templates
 * were stamped is adopted as made from the current one; a task of the current
 * template gets the template's host ports if its line lacks them (lines written
 * before tasks recorded ports), so the port index counts it as their holder.
 */
export function adoptTask(task: TaskStatus, stamp: Partial<Stamp>): TaskStatus {
  if (!task.template) return { ...task, ...stamp }
  if (task.template !== stamp.template || task.hostPorts || !stamp.hostPorts) return task
  return { ...task, hostPorts: [...stamp.hostPorts] }
}

/**
 * The host ports this service's tasks hold per node, judged by each task's own
 * line (the template it was made from): a task of a template without the port
 * holds nothing, whatever the spec says now.
 */
export function ownHostPorts(tasks: readonly TaskStatus[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>()
  for (const task of tasks) addHostPorts(out, task.node, task.hostPorts, 1)
  return out
}

/** Adds (`by` 1) or removes (`by` -1) a task's host ports on its node in `held`. */
export function addHostPorts(
  held: Map<string, Map<string, number>>,
  node: string | undefined,
  ports: readonly string[] | undefined,
  by: number,
): void {
  if (!node || !ports || ports.length === 0) return
  const onNode = held.get(node) ?? new Map<string, number>()
  for (const port of ports) {
    const n = (onNode.get(port) ?? 0) + by
    if (n > 0) onNode.set(port, n)
    else onNode.delete(port)
  }
  if (onNode.size > 0) held.set(node, onNode)
  else held.delete(node)
}

const NO_KEYS: ReadonlySet<string> = new Set()

/** `held` as the filter context's `ownHostPorts`: the ports own tasks hold on a node. */
export function ownHostPortsOf(
  held: ReadonlyMap<string, ReadonlyMap<string, number>>,
): (node: SchedNode) => ReadonlySet<string> {
  return (node) => {
    const onNode = held.get(node.name)
    return onNode ? new Set(onNode.keys()) : NO_KEYS
  }
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
 * another service's task holds a port there that this task holds too (`ports`:
 * the task's own, from the template it was made from). In the second case both
 * were placed before the clash, so, without talking to each other, both agree:
 * the service first by name keeps the port.
 */
export function hostPortEviction(
  view: View,
  service: string,
  ports: readonly string[] | undefined,
  node: string,
): string | undefined {
  const onNode = view.ports.hostPorts(node)
  for (const port of ports ?? []) {
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
