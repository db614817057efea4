import type { TaskStatus } from '../../src/model/status.js'
import type { FilterContext } from '../../src/scheduler/filters.js'
import { explainRejections, noSuitableNode, staticCandidates } from '../../src/scheduler/pipeline.js'
import { placeTasks } from '../../src/scheduler/place.js'
import { countByNode, ownDelta, planLoad } from './own-load.js'
import type { PlanInput, Stamp, TaskPlan } from './plan-types.js'
import { adoptTask, hostPortHolders, ownHostPorts, ownHostPortsOf } from './ports.js'
import { scaleDown } from './scale-down.js'
import { overcommitOf, stopReason } from './still-fits.js'
import { newTaskId, replacementTaskId } from './task-ids.js'

/**
 * Plans a replicated service's tasks: keep what may keep running, replace
 * what may not in the same slot (desired state wins), scale to `replicas`,
 * then place every waiting task. Running tasks never move to rebalance.
 */
export function planReplicated(input: PlanInput): TaskPlan {
  const { service, demand, blocker, nodes, view } = input
  const name = service.name
  const previous = service.status?.tasks ?? []
  const stamp: Partial<Stamp> = input.stamp ?? {}
  // What a waiting task's line says of its template: no port yet (made once, not per task).
  const { hostPorts, ...waitingStamp } = stamp
  // Each slot's shut-down tasks, newest first, as recorded.
  const history = new Map<number, TaskStatus[]>()
  for (const t of previous) {
    if (t.desiredState !== 'shutdown' || t.slot === undefined) continue
    const list = history.get(t.slot)
    if (list) list.push(t)
    else history.set(t.slot, [t])
  }
  const retire = (slot: number, task: TaskStatus) => history.set(slot, [task, ...(history.get(slot) ?? [])])

  const overcommit = overcommitOf(input, (node) => `insufficient resources on ${node}`)

  let kept: TaskStatus[] = []
  let waiting: TaskStatus[] = []
  const seen = new Set<number>()
  for (const task of [...previous].sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0))) {
    if (task.desiredState !== 'running' || task.slot === undefined || seen.has(task.slot)) continue
    seen.add(task.slot)
    if (!task.node) {
      waiting.push(task)
      continue
    }
    const adopted = adoptTask(task, stamp)
    const reason = stopReason(input, task, task.node, adopted, overcommit)
    if (reason === undefined) {
      kept.push(adopted)
      continue
    }
    retire(task.slot, { ...task, state: 'shutdown', desiredState: 'shutdown', message: reason })
    waiting.push(pendingTask(name, task.slot, replacementTaskId(name, task.slot, task.id), waitingStamp))
  }
  kept = enforceMaxPerNode(kept, demand.maxReplicasPerNode, retire, waiting, (slot, id) =>
    pendingTask(name, slot, replacementTaskId(name, slot, id), waitingStamp),
  )

  const desired = service.spec.replicas
  ;({ kept, waiting } = scaleDown(kept, waiting, desired))
  // The slots in use, new ones included once made.
  const slots = new Set<number | undefined>()
  for (const t of kept) slots.add(t.slot)
  for (const t of waiting) slots.add(t.slot)
  for (let slot = 1; kept.length + waiting.length < desired; slot++) {
    if (slots.has(slot)) continue
    slots.add(slot)
    waiting.push(pendingTask(name, slot, newTaskId(name, slot, service.generation), waitingStamp))
  }
  waiting.sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0))
  for (const slot of history.keys()) if (!slots.has(slot)) history.delete(slot)

  const keptByNode = countByNode(kept)
  const delta = ownDelta(previous, keptByNode)
  const load = planLoad(view, demand, delta)
  const placeCtx: FilterContext = { demand, load, serviceTasks: (n) => keptByNode.get(n.name) ?? 0 }
  const holders = hostPortHolders(view, name, demand)
  const candidates = blocker ? [] : staticCandidates(nodes, placeCtx)
  const result = placeTasks({
    demand,
    candidates,
    count: waiting.length,
    memo: nodes.memo,
    load,
    serviceTasks: keptByNode,
    loadArrays: { arrays: view.loadArrays(), delta },
    ...(holders ? { hostPortHolders: holders, ownHostPorts: ownHostPortsOf(ownHostPorts(kept)) } : {}),
  })
  const placed: TaskStatus[] = new Array(result.placed.length)
  for (let i = 0; i < placed.length; i++) {
    const t = waiting[i] as TaskStatus
    placed[i] = {
      id: t.id,
      name: t.name,
      slot: t.slot,
      node: result.placed[i]?.name,
      state: 'running' as const,
      desiredState: 'running' as const,
      ...stamp,
    } as TaskStatus
  }
  const left = waiting.slice(result.placed.length)
  const explanation = left.length > 0 && !blocker ? explainRejections(nodes, result.ctx) : undefined
  const message = blocker?.message ?? (explanation ? noSuitableNode(explanation) : undefined)
  const pending = left.map((t) => ({
    ...pendingTask(name, t.slot ?? 0, t.id, waitingStamp),
    ...(message ? { message } : {}),
  }))

  const current = [...kept, ...placed, ...pending].sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0))
  const tasks: TaskStatus[] = []
  for (const t of current) {
    tasks.push(t as TaskStatus)
    const old = t.slot === undefined ? undefined : history.get(t.slot)
    if (old) tasks.push(...old)
  }
  return {
    tasks,
    desired,
    running: kept.length + placed.length,
    rejected: explanation?.rejected ?? new Map(),
    waiting: message,
  }
}

/** A task waiting for a node: it holds no port yet, so its line names none. */
function pendingTask(
  service: string,
  slot: number,
  id: string,
  stamp: Omit<Partial<Stamp>, 'hostPorts'>,
): TaskStatus {
  return { id, name: `${service}.${slot}`, slot, state: 'pending', desiredState: 'running', ...stamp }
}

/**
 * A lowered `maxReplicasPerNode` (placement: counts every task) or two tasks
 * holding the same host-mode port on one node (each judged by the ports its
 * own template publishes, so a task of an older template without the port
 * never clashes) evicts the extra copies, higher slots first.
 */
function enforceMaxPerNode(
  kept: TaskStatus[],
  max: number,
  retire: (slot: number, task: TaskStatus) => void,
  waiting: TaskStatus[],
  replacement: (slot: number, replaced: string) => TaskStatus,
): TaskStatus[] {
  if (max === 0 && !kept.some((t) => t.hostPorts)) return kept
  const perNode = new Map<string, number>()
  const held = new Set<string>()
  const out: TaskStatus[] = []
  for (const task of kept) {
    const node = task.node ?? ''
    const n = (perNode.get(node) ?? 0) + 1
    const port = task.hostPorts?.find((p) => held.has(`${node} ${p}`))
    const message =
      port !== undefined
        ? `host-mode port ${port} already in use by another task of this service on ${node}`
        : max !== 0 && n > max
          ? `max replicas per node (${max}) exceeded on ${node}`
          : undefined
    if (message === undefined || task.slot === undefined) {
      perNode.set(node, n)
      for (const p of task.hostPorts ?? []) held.add(`${node} ${p}`)
      out.push(task)
      continue
    }
    retire(task.slot, { ...task, state: 'shutdown', desiredState: 'shutdown', message })
    waiting.push(replacement(task.slot, task.id))
  }
  return out
}
