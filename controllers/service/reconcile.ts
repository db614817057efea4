import type { ConditionInput } from '../../src/model/conditions.js'
import { notReady, ready } from '../../src/model/conditions.js'
import type { Resource } from '../../src/model/resource.js'
import type { TaskTemplate } from '../../src/model/spec.js'
import type { ServiceStatus, UpdateStatus } from '../../src/model/status.js'
import type { Outcome, ReconcileContext } from '../../src/runtime/controller.js'
import { finishStatus } from '../../src/runtime/finish-status.js'
import { describeRejections } from '../../src/scheduler/pipeline.js'
import type { TaskDemand } from '../../src/scheduler/types.js'
import type { View } from '../../src/view/view.js'
import { contentBlocker } from './content-refs.js'
import type { Blocker, Gone } from './demand.js'
import { namesManifest, resolveNeeds } from './demand.js'
import { fillFromApplied } from './fallback.js'
import { planGlobal } from './global.js'
import { boundHistory } from './history.js'
import type { Stamp, TaskPlan } from './plan-types.js'
import { heldPorts, hostPortsField, ingressBlocker } from './ports.js'
import { replacementPlacer } from './replacement-placer.js'
import { planReplicated } from './replicated.js'
import type { Rollout } from './rollout.js'
import { asSpec, keepJudge, rolloutOf } from './rollout.js'
import { replacementTaskId } from './task-ids.js'
import { specDiffersFromApplied } from './template.js'
import type { UpdateStep } from './update-plan.js'
import { planUpdate } from './update-plan.js'

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
 * lacks, where Swarm gives only counts. When the task template changed, the
 * running tasks are replaced batch by batch (see `planUpdate`).
 */
export function reconcileService(
  service: Resource<'Service'>,
  ctx: ReconcileContext,
  inputs: readonly string[] = [],
): Outcome<ServiceStatus> {
  const rollout = rolloutOf(service, inputs)
  // What the running tasks were given and is now gone (see `goneFor`) stops only new tasks:
  // running ones keep it, judged by what they need from their node; no update starts for
  // its absence, and one under way waits for it (its target may not even be known).
  const needs = resolveNeeds(rollout.spec, ctx.view)
  const gone = 'demand' in needs ? goneFor(service, rollout, needs, ctx.view) : undefined
  const portInUse = ingressBlocker(service.name, service.spec, ctx.view)
  const blocker = ('blocker' in needs ? needs.blocker : (needs.missing ?? gone)) ?? portInUse
  const demand = 'demand' in needs ? needs.demand : NO_DEMAND
  const held = gone && runningStamp(service)
  const stamp = held && held.template !== rollout.stamp.template ? held : rollout.stamp
  const keepBlocker = gone ? portInUse : blocker
  const keep = keepJudge(service, ctx.view, inputs, { demand, blocker: keepBlocker, digest: stamp.template })
  const input = {
    service,
    demand,
    blocker,
    nodes: ctx.view.nodeSet(),
    view: ctx.view,
    stamp,
    keep,
  }
  const global = service.spec.mode === 'global'
  const applied = service.status?.appliedSpec
  const plan = global ? planGlobal(input) : fillFromApplied(input, planReplicated(input), applied, inputs)
  const step = planUpdate({
    tasks: plan.tasks,
    target: stamp,
    settings: rollout.settings,
    rollback: rollout.rollback,
    recorded: service.status?.updateStatus,
    fresh: rollout.fresh,
    now: ctx.now,
    nowMs: ctx.nowMs,
    place: replacementPlacer(input, plan.tasks, global),
    replacementId: (old) => replacementTaskId(service.name, old.slot ?? old.node ?? old.name, old.id),
    ...(gone ? { waitFor: gone.message } : {}),
  })
  const status = service.status
  const previousSpec = step.started && !rollout.rollback && applied ? applied : status?.previousSpec
  if (step.rollbackNow) {
    const rolledBack = rollbackNow(service, step, previousSpec)
    if (rolledBack) return reconcileService(rolledBack, ctx, inputs)
  }
  // Held while something is gone: the recorded update and applied template stay as they were.
  const holding = stamp !== rollout.stamp
  const updateStatus = holding
    ? heldUpdate(status?.updateStatus, rollout.fresh)
    : step.rollbackNow
      ? pausedInstead(step.updateStatus)
      : step.updateStatus
  const editHeld = holding && specDiffersFromApplied(service.writtenSpec, applied)
  const condition = readyCondition(service.name, plan, global, blocker, gone, editHeld)
  const appliedSpec = step.done && !holding ? rollout.template : applied
  const ports = portInUse ? [] : heldPorts(service.spec)
  const fields = {
    replicas: { desired: plan.desired, running: plan.running },
    tasks: boundHistory(step.tasks),
    ...(updateStatus ? { updateStatus } : {}),
    ...(previousSpec ? { previousSpec } : {}),
    ...(appliedSpec ? { appliedSpec } : {}),
    ...(ports.length > 0 ? { ports } : {}),
  }
  return {
    status: finishStatus<ServiceStatus>(service, fields, [condition], ctx.now),
    ...(step.requeueAfterMs !== undefined ? { requeueAfterMs: step.requeueAfterMs } : {}),
  }
}

/**
 * The service as it would be read once a rollback has started: the recorded
 * update says rollback_started and the spec counts as seen, so `rolloutOf`
 * targets `previousSpec`. Undefined when there is nothing to roll back to.
 */
function rollbackNow(
  service: Resource<'Service'>,
  step: UpdateStep,
  previousSpec: TaskTemplate | undefined,
): Resource<'Service'> | undefined {
  const status = service.status
  if (!status || !previousSpec || !step.updateStatus) return undefined
  return {
    ...service,
    status: { ...status, previousSpec, updateStatus: step.updateStatus, specDigest: service.specDigest },
  }
}

/**
 * The recorded update while something the running tasks were given is gone: kept as it was,
 * except that an edit made meanwhile (`fresh`) supersedes an update that did not finish, as an
 * edit does in Swarm. Its record goes, so the edit's own update starts once that is back, as if
 * the edit came then (kept, a paused update stayed paused until the next edit).
 */
function heldUpdate(recorded: UpdateStatus | undefined, fresh: boolean): UpdateStatus | undefined {
  const ended = recorded?.state === 'completed' || recorded?.state === 'rollback_completed'
  return fresh && !ended ? undefined : recorded
}

/** failureAction rollback with no previous template to return to: the update pauses instead. */
function pausedInstead(status: UpdateStatus | undefined): UpdateStatus | undefined {
  if (!status) return status
  const message = status.message.replace(/^update rolled back/, 'update paused')
  return { ...status, state: 'paused', message: `${message} (no previous spec to roll back to)` }
}

function readyCondition(
  name: string,
  plan: TaskPlan,
  global: boolean,
  blocked: Blocker | undefined,
  gone: Blocker | undefined,
  editHeld: boolean,
): ConditionInput {
  const nodes = plan.rejected.size > 0 ? ` — ${describeRejections(plan.rejected)}` : ''
  // A blocked update, or something gone, leaves the running tasks running: then the counts
  // below tell the truth, and the message says what a new task (and a held edit) waits for.
  const held = editHeld ? " (the spec's new template waits too)" : ''
  const waits = gone ? `; new tasks wait: ${gone.message}${held}` : ''
  const counts = `${plan.running}/${plan.desired} tasks running`
  if (blocked && plan.running < plan.desired) {
    const pending = plan.desired - plan.running
    const message =
      plan.running === 0
        ? `service ${name} cannot run: ${plan.waiting}`
        : `service ${name}: ${counts}; ${pending} pending: ${plan.waiting}`
    return notReady(blocked.reason, message)
  }
  if (global) {
    if (plan.running === 0) return notReady('Unschedulable', `service ${name} fits no node${nodes}`)
    const on = `service ${name} runs on ${plan.running} node${plan.running === 1 ? '' : 's'}`
    return ready('Running', `${plan.rejected.size > 0 ? `${on}; not on${nodes.slice(2)}` : on}${waits}`)
  }
  if (plan.running >= plan.desired) return ready('Running', `service ${name}: ${counts}${waits}`)
  const pending = plan.desired - plan.running
  return notReady('Unschedulable', `service ${name}: ${counts}; ${pending} pending: ${plan.waiting}${nodes}`)
}

/**
 * What the service's running tasks were given and is now gone: a Network or
 * Volume manifest they use (one a running task's template names: the target
 * or the last rolled-out one), else a Secret or Config (or its file) the spec
 * names — its digest is part of the template, so without it the target is not
 * known. A network or volume only a new template names was never given to a
 * task: that template cannot be placed, a failure for the update.
 */
function goneFor(
  service: Resource<'Service'>,
  rollout: Rollout,
  needs: { readonly missing?: Gone },
  view: View,
): Blocker | undefined {
  const { missing } = needs
  if (missing && (runsTarget(service, rollout.stamp) || appliedNeeds(service, rollout, missing)))
    return missing
  return contentBlocker(rollout.spec, view)
}

const runsTarget = (service: Resource<'Service'>, stamp: Stamp) =>
  (service.status?.tasks ?? []).some(
    (t) => t.desiredState === 'running' && t.node && t.template === stamp.template,
  )

/** Whether the last rolled-out template names the gone manifest too. */
function appliedNeeds(service: Resource<'Service'>, rollout: Rollout, gone: Gone): boolean {
  const applied = service.status?.appliedSpec
  return applied !== undefined && namesManifest(asSpec(applied, rollout.spec), gone)
}

/** The one template every running task was made from, or undefined (none run, or an update is under way). */
function runningStamp(service: Resource<'Service'>): Stamp | undefined {
  const running = (service.status?.tasks ?? []).filter((t) => t.desiredState === 'running' && t.node)
  const first = running[0]
  if (!first?.template || !first.image || running.some((t) => t.template !== first.template)) return undefined
  return { image: first.image, template: first.template, ...hostPortsField(first.hostPorts) }
}
