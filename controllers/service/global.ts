import type { TaskStatus } from '../../src/model/status.js'
import type { FilterContext } from '../../src/scheduler/filters.js'
import { hostPortFilter, resourceFilter } from '../../src/scheduler/filters.js'
import { explainRejections, staticCandidates } from '../../src/scheduler/pipeline.js'
import { ownDelta, planLoad } from './own-load.js'
import type { PlanInput, TaskPlan } from './plan-types.js'
import { adoptTask, hostPortHolders, ownHostPorts, ownHostPortsOf } from './ports.js'
import { overcommitOf, stopReason } from './still-fits.js'
import { newTaskId, replacementTaskId } from './task-ids.js'

/**
 * Plans a global service: one task on every node that passes the filters.
 * Nodes that do not are named in the plan instead of being given a task that
 * would wait forever (Swarm's moby#31581); a task whose node stops fitting
 * is shut down.
 */
export function planGlobal(input: PlanInput): TaskPlan {
  const { service, demand, blocker, nodes, view } = input
  const name = service.name
  const previous = service.status?.tasks ?? []
  const stopped = new Map<string, string>()

  // The last shut-down task per node, as Docker's `service ps` shows it; a task
  // re-created there replaces it and so gets a fresh id.
  const stamp = input.stamp ?? {}
  const history = new Map<string, TaskStatus[]>()
  const retire = (node: string, task: TaskStatus) => history.set(node, [task, ...(history.get(node) ?? [])])
  for (const task of previous) {
    if (task.desiredState !== 'shutdown' || !task.node || !nodes.byName.has(task.node)) continue
    const list = history.get(task.node)
    if (list) list.push(task)
    else history.set(task.node, [task])
  }
  const kept = new Map<string, TaskStatus>()
  const overcommit = overcommitOf(input, () => 'insufficient resources')
  for (const task of previous) {
    if (task.desiredState !== 'running' || !task.node || kept.has(task.node)) continue
    const adopted = adoptTask(task, stamp)
    const reason = stopReason(input, task, task.node, adopted, overcommit)
    if (reason === undefined) kept.set(task.node, adopted)
    else if (nodes.byName.has(task.node)) {
      stopped.set(task.node, reason)
      retire(task.node, { ...task, state: 'shutdown', desiredState: 'shutdown', message: reason })
    }
  }

  const keptCounts = new Map([...kept.keys()].map((n) => [n, 1]))
  // Tasks placed below join the delta, so the load each node shows includes them.
  const delta = ownDelta(previous, keptCounts)
  const added = new Set<string>()
  const holders = hostPortHolders(view, name, demand)
  const ctx: FilterContext = {
    demand,
    load: planLoad(view, demand, delta),
    serviceTasks: (node) => (kept.has(node.name) ? 1 : 0),
    ...(holders
      ? { hostPortHolders: holders, ownHostPorts: ownHostPortsOf(ownHostPorts([...kept.values()])) }
      : {}),
  }
  const fresh: TaskStatus[] = []
  let rejected: ReadonlyMap<string, string> = stopped
  if (!blocker) {
    for (const node of staticCandidates(nodes, ctx)) {
      if (kept.has(node.name) || !resourceFilter.check(node, ctx) || !hostPortFilter.check(node, ctx))
        continue
      delta.set(node.name, (delta.get(node.name) ?? 0) + 1)
      added.add(node.name)
      const replaced = history.get(node.name)?.[0]
      const id = replaced
        ? replacementTaskId(name, node.name, replaced.id)
        : newTaskId(name, node.name, service.generation)
      fresh.push({
        id,
        name: `${name}.${node.name}`,
        node: node.name,
        state: 'running',
        desiredState: 'running',
        ...stamp,
      })
    }
    const explained = explainRejections(nodes, ctx).rejected
    // Mostly the nodes rejected are just those explained (shared by services that ask alike).
    if (stopped.size === 0 && !someKey(explained, (node) => kept.has(node) || added.has(node)))
      rejected = explained
    else
      explained.forEach((reason, node) => {
        if (!kept.has(node) && !added.has(node)) stopped.set(node, reason)
      })
  }
  const running = [...kept.values(), ...fresh].sort((a, b) => ((a.node ?? '') < (b.node ?? '') ? -1 : 1))
  const byNode = new Map(running.map((t) => [t.node, t]))
  const nodeNames = [...new Set([...byNode.keys(), ...history.keys()])].sort()
  const tasks = nodeNames.flatMap((n) =>
    [byNode.get(n), ...(history.get(n as string) ?? [])].filter((t): t is TaskStatus => !!t),
  )
  return {
    tasks,
    desired: running.length,
    running: running.length,
    rejected,
    waiting: blocker?.message,
  }
}

function someKey<K>(map: ReadonlyMap<K, unknown>, test: (key: K) => boolean): boolean {
  for (const key of map.keys()) if (test(key)) return true
  return false
}
