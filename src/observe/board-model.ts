import type { NodeReason } from '../cli/output/node-reasons.js'
import { nodeReasons } from '../cli/output/node-reasons.js'
import { KINDS } from '../model/kinds.js'
import type { AnyResource, Resource } from '../model/resource.js'
import { isStale } from '../model/staleness.js'
import type { TaskStatus } from '../model/status.js'
import type { ReadStore } from '../store/store.js'

/** A task card: what runs (or waits) where. */
export interface BoardTask {
  readonly name: string
  readonly service: string
  readonly image: string
  readonly state: string
}

/** A node column. */
export interface BoardNode {
  readonly name: string
  readonly role: string
  readonly availability: string
  readonly state: string
  readonly plugins: readonly string[]
  readonly tasks: readonly BoardTask[]
}

export interface BoardPending extends BoardTask {
  readonly message: string
  /** Why each node turned it down, from the service's Ready message. */
  readonly reasons: readonly NodeReason[]
}

export interface BoardUpdate {
  readonly service: string
  readonly state: string
  readonly message: string
}

/** Everything the live page shows, derived from one snapshot of the store. */
export interface BoardModel {
  readonly nodes: readonly BoardNode[]
  /** Tasks whose node is not a declared Node (deleted since they were placed). */
  readonly elsewhere: readonly (BoardTask & { readonly node: string })[]
  readonly pending: readonly BoardPending[]
  /** Plugins not installed anywhere until their privileges are granted. */
  readonly waitingPlugins: readonly { readonly name: string; readonly message: string }[]
  readonly updates: readonly BoardUpdate[]
  /** `Kind/name` of every resource whose status describes an older spec. */
  readonly stale: readonly string[]
  readonly counts: { readonly services: number; readonly running: number; readonly pending: number }
}

/** Service status fields a newer berth writes (rolling updates); shown when present. */
interface UpdateStatusField {
  readonly updateStatus?: { readonly state?: string; readonly message?: string }
}

/** The board: nodes as columns with their running tasks, then what waits and why. */
export function boardModel(store: ReadStore): BoardModel {
  const services = store.list('Service')
  const byNode = new Map<string, BoardTask[]>()
  const pending: BoardPending[] = []
  const updates: BoardUpdate[] = []
  for (const service of services) {
    const reasons = nodeReasons(readyOf(service)?.message)
    for (const task of service.status?.tasks ?? []) {
      if (task.desiredState !== 'running') continue
      const card = taskCard(service, task)
      if (task.state === 'pending' || !task.node)
        pending.push({ ...card, message: task.message ?? '', reasons })
      else byNode.set(task.node, [...(byNode.get(task.node) ?? []), card])
    }
    const update = (service.status as UpdateStatusField | undefined)?.updateStatus
    if (update?.state && update.state !== 'completed' && update.state !== 'rollback_completed')
      updates.push({ service: service.name, state: update.state, message: update.message ?? '' })
  }
  const nodes = store.list('Node').map((node) => ({
    name: node.name,
    role: node.spec.role ?? 'worker',
    availability: node.spec.availability ?? 'active',
    state: node.status?.state ?? 'unknown',
    plugins: (node.status?.plugins ?? []).map((p) => p.name),
    tasks: byNode.get(node.name) ?? [],
  }))
  const declared = new Set(nodes.map((n) => n.name))
  const elsewhere = [...byNode]
    .filter(([node]) => !declared.has(node))
    .flatMap(([node, tasks]) => tasks.map((t) => ({ ...t, node })))
  const waitingPlugins = store.list('Plugin').flatMap((p) => {
    const ready = readyOf(p)
    return ready?.status === 'False' && ready.reason === 'PrivilegesNotGranted'
      ? [{ name: p.name, message: ready.message }]
      : []
  })
  const running = nodes.reduce((n, node) => n + node.tasks.length, 0) + elsewhere.length
  return {
    nodes,
    elsewhere,
    pending,
    waitingPlugins,
    updates,
    stale: staleKeys(store),
    counts: { services: services.length, running, pending: pending.length },
  }
}

function staleKeys(store: ReadStore): string[] {
  return KINDS.flatMap((kind) =>
    (store.list(kind) as readonly AnyResource[]).filter(isStale).map((r) => `${r.kind}/${r.name}`),
  )
}

function taskCard(service: Resource<'Service'>, task: TaskStatus): BoardTask {
  const image = (task as TaskStatus & { image?: string }).image ?? service.spec.image
  return { name: task.name, service: service.name, image, state: task.state }
}

function readyOf(resource: AnyResource) {
  return resource.status?.conditions?.find((c) => c.type === 'Ready')
}
