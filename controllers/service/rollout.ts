import type { Resource } from '../../src/model/resource.js'
import type { ServiceSpec, TaskTemplate } from '../../src/model/spec.js'
import { withSpecDefaults } from '../../src/model/spec-defaults.js'
import type { TaskStatus, UpdateStatus } from '../../src/model/status.js'
import type { TaskDemand } from '../../src/scheduler/types.js'
import type { View } from '../../src/view/view.js'
import type { Blocker } from './demand.js'
import { resolveNeeds } from './demand.js'
import type { KeepJudge, Stamp } from './plan-types.js'
import { hostPortKeys, hostPortsField } from './ports.js'
import { taskTemplate, templateDigest } from './template.js'
import type { UpdateSettings } from './update-settings.js'
import { updateSettings } from './update-settings.js'

/** What a service's tasks should be made from now, and how to get there. */
export interface Rollout {
  /** As written (no defaults): what the digest and `appliedSpec` are made from. */
  readonly template: TaskTemplate
  /** The template with its defaults and the spec's placement: what the tasks need. */
  readonly spec: ServiceSpec
  readonly stamp: Stamp
  readonly settings: UpdateSettings
  /** Rolling back to `previousSpec`: rollbackConfig and the rollback_* states. */
  readonly rollback: boolean
  /**
   * A new update starts rather than the recorded one going on: none is
   * recorded, the last one ended, or the spec changed and no task runs the
   * target yet.
   */
  readonly fresh: boolean
}

const ROLLBACK_STATES: readonly UpdateStatus['state'][] = [
  'rollback_started',
  'rollback_paused',
  'rollback_completed',
]

/**
 * Reads the target from the spec and the recorded update. Normally the
 * spec's template. After an automatic rollback, `previousSpec` — until the
 * spec changes again (berth cannot write the spec back, as Swarm does, so it
 * holds the rolled-back template instead of retrying the failed one). A spec
 * whose template is `previousSpec`'s (what `berth service rollback` writes)
 * is a rollback too, rolled out with `rollbackConfig`.
 */
export function rolloutOf(service: Resource<'Service'>, inputs: readonly string[] = []): Rollout {
  const { spec, status } = service
  const recorded = status?.updateStatus
  const specChanged = status?.specDigest !== service.specDigest
  const previous = status?.previousSpec
  const previousDigest = previous ? templateDigest(previous, inputs) : undefined
  const holding = !specChanged && previous !== undefined && ROLLBACK_STATES.includes(recorded?.state as never)
  const template = holding && previous ? previous : taskTemplate(service.writtenSpec)
  const target = holding && previous ? asSpec(previous, spec) : spec
  const digest = holding && previousDigest ? previousDigest : templateDigest(template, inputs)
  const rollback = holding || (specChanged && digest === previousDigest)
  const ended = recorded?.state === 'completed' || recorded?.state === 'rollback_completed'
  // A spec edit that leaves the target alone (replicas, say) does not restart an update under way.
  const underWay =
    !ended && (status?.tasks ?? []).some((t) => t.desiredState === 'running' && t.template === digest)
  return {
    template,
    spec: target,
    stamp: { image: template.image, template: digest, ...hostPortsField(hostPortKeys(target)) },
    settings: updateSettings(rollback ? spec.rollbackConfig : spec.updateConfig),
    rollback,
    fresh: !recorded || ended || (specChanged && !underWay),
  }
}

/**
 * Judges each running task by the template it was made from: a task of the
 * last rolled-out (or previous) template keeps running while the node still
 * has what *that* template needs, so an update whose new template cannot run
 * anywhere leaves the old tasks alone. Like the target's, an older task keeps
 * what it was given (its content, a network or volume whose manifest is gone).
 * Placement is always the spec's.
 */
export function keepJudge(
  service: Resource<'Service'>,
  view: View,
  inputs: readonly string[],
  target: { readonly demand: TaskDemand; readonly blocker: Blocker | undefined; readonly digest: string },
): KeepJudge {
  // Digests are worked out only once a task of another template shows up: rarely.
  let known: Map<string, TaskTemplate> | undefined
  const knownTemplates = () => {
    if (known) return known
    known = new Map()
    for (const template of [service.status?.appliedSpec, service.status?.previousSpec])
      if (template) known.set(templateDigest(template, inputs), template)
    return known
  }
  const resolved = new Map<string, ReturnType<KeepJudge>>()
  const fallback = { demand: target.demand, blocker: target.blocker }
  return (task: TaskStatus) => {
    if (!task.template || task.template === target.digest) return fallback
    const template = knownTemplates().get(task.template)
    if (!template) return fallback
    let judged = resolved.get(task.template)
    if (!judged) {
      const result = resolveNeeds(asSpec(template, service.spec), view)
      judged =
        'demand' in result
          ? { demand: result.demand, blocker: undefined, older: true }
          : { demand: target.demand, blocker: result.blocker, older: true }
      resolved.set(task.template, judged)
    }
    return judged
  }
}

/**
 * A template read back from status (as written) with its defaults applied and the spec's
 * mode, replicas, placement and rollout settings: what resolving a demand reads.
 */
export function asSpec(template: TaskTemplate, spec: ServiceSpec): ServiceSpec {
  const { mode, replicas, placement, updateConfig, rollbackConfig } = spec
  return {
    ...withSpecDefaults('Service', template),
    mode,
    replicas,
    placement,
    updateConfig,
    rollbackConfig,
  }
}
