import type { TaskTemplate } from '../../src/model/spec.js'
import type { TaskStatus } from '../../src/model/status.js'
import { resolveDemand } from './demand.js'
import type { PlanInput, Stamp, TaskPlan } from './plan-types.js'
import { hostPortKeys, hostPortsField } from './ports.js'
import { replacementPlacer } from './replacement-placer.js'
import { asSpec } from './rollout.js'
import { templateDigest } from './template.js'

/**
 * Berth's addition to Swarm: while an update's template fits nowhere, a slot
 * that has to be filled anyway — its old task was evicted (node drained,
 * plugin removed), or replicas went up — runs the last fully rolled-out
 * template instead of waiting for one that cannot be placed. The update then
 * treats that task like any other old one. Replicated services only (a
 * global service names the nodes it cannot use instead of leaving tasks
 * pending).
 */
export function fillFromApplied(
  input: PlanInput,
  plan: TaskPlan,
  applied: TaskTemplate | undefined,
  inputs: readonly string[],
): TaskPlan {
  if (!applied || !plan.tasks.some(isPending)) return plan
  const template = templateDigest(applied, inputs)
  if (template === input.stamp?.template) return plan
  const spec = asSpec(applied, input.service.spec)
  const stamp: Stamp = { image: applied.image, template, ...hostPortsField(hostPortKeys(spec)) }
  const resolved = resolveDemand(spec, input.view)
  if (!('demand' in resolved)) return plan
  const place = replacementPlacer(
    { ...input, demand: resolved.demand, blocker: undefined },
    plan.tasks,
    false,
  )
  let placed = 0
  const tasks = plan.tasks.map((task): TaskStatus => {
    if (!isPending(task)) return task
    const where = place(task, 'start-first', 0)
    if (!('node' in where)) return task
    placed++
    const { message, ...rest } = task
    return { ...rest, node: where.node, state: 'running', ...stamp }
  })
  return placed === 0 ? plan : { ...plan, tasks, running: plan.running + placed }
}

const isPending = (t: TaskStatus) => t.desiredState === 'running' && t.state === 'pending'
