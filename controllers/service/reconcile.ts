import type { ConditionInput } from '../../src/model/conditions.js'
import { notReady, ready } from '../../src/model/conditions.js'
import type { Resource } from '../../src/model/resource.js'
import type { ServiceStatus } from '../../src/model/status.js'
import type { Outcome, ReconcileContext } from '../../src/runtime/controller.js'
import { finishStatus } from '../../src/runtime/finish-status.js'
import { describeRejections } from '../../src/scheduler/pipeline.js'
import type { TaskDemand } from '../../src/scheduler/types.js'
import { resolveDemand } from './demand.js'
import { planGlobal } from './global.js'
import type { TaskPlan } from './plan-types.js'
import { heldPorts, ingressBlocker } from './ports.js'
import { planReplicated } from './replicated.js'

const NO_DEMAND: TaskDemand = {
  plugins: [],
  volumes: [],
  constraints: [],
  platforms: [],
  cpus: 0,
  memory: 0,
  maxReplicasPerNode: 0,
  spread: [],
}

/**
 * Schedules a service's tasks onto nodes that can really run them and
 * reports how many run, what waits and why — naming each node and what it
 * lacks, where Swarm gives only counts.
 */
export function reconcileService(
  service: Resource<'Service'>,
  ctx: ReconcileContext,
): Outcome<ServiceStatus> {
  const resolved = resolveDemand(service.spec, ctx.view)
  const portInUse = ingressBlocker(service.name, service.spec, ctx.view)
  const blocker = ('blocker' in resolved ? resolved.blocker : undefined) ?? portInUse
  const demand = 'demand' in resolved ? resolved.demand : NO_DEMAND
  const input = { service, demand, blocker, nodes: ctx.view.nodeSet(), view: ctx.view }
  const global = service.spec.mode === 'global'
  const plan = global ? planGlobal(input) : planReplicated(input)
  const condition = readyCondition(service.name, plan, global, blocker?.reason)
  const ports = portInUse ? [] : heldPorts(service.spec)
  const fields = {
    replicas: { desired: plan.desired, running: plan.running },
    tasks: plan.tasks,
    ...(ports.length > 0 ? { ports } : {}),
  }
  return { status: finishStatus<ServiceStatus>(service, fields, [condition], ctx.now) }
}

function readyCondition(
  name: string,
  plan: TaskPlan,
  global: boolean,
  blocked: string | undefined,
): ConditionInput {
  const nodes = plan.rejected.size > 0 ? ` — ${describeRejections(plan.rejected)}` : ''
  if (blocked) return notReady(blocked, `service ${name} cannot run: ${plan.waiting}`)
  if (global) {
    if (plan.running === 0) return notReady('Unschedulable', `service ${name} fits no node${nodes}`)
    const on = `service ${name} runs on ${plan.running} node${plan.running === 1 ? '' : 's'}`
    return ready('Running', plan.rejected.size > 0 ? `${on}; not on${nodes.slice(2)}` : on)
  }
  const counts = `${plan.running}/${plan.desired} tasks running`
  if (plan.running >= plan.desired) return ready('Running', `service ${name}: ${counts}`)
  const pending = plan.desired - plan.running
  return notReady('Unschedulable', `service ${name}: ${counts}; ${pending} pending: ${plan.waiting}${nodes}`)
}
