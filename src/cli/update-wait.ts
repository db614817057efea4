import { contentInputs } from '../../controllers/service/content-refs.js'
import { rolloutOf } from '../../controllers/service/rollout.js'
import { specDiffersFromApplied, templateDigest } from '../../controllers/service/template.js'
import type { Resource } from '../model/resource.js'
import type { View } from '../view/view.js'

const ACTIVE = new Set(['updating', 'rollback_started'])

/**
 * `myservice 4/8` for each service whose update is under way: tasks on the
 * new template / all. `content` finds the Secrets and Configs whose digests
 * are part of the template.
 */
export function updatesUnderWay(
  services: readonly Resource<'Service'>[],
  content: Pick<View, 'get'>,
): string[] {
  return services.flatMap((service) => {
    const state = service.status?.updateStatus?.state
    if (!state || !ACTIVE.has(state)) return []
    const running = (service.status?.tasks ?? []).filter((t) => t.desiredState === 'running')
    const target = rolloutOf(service, contentInputs(service.spec, content)).stamp.template
    const done = running.filter((t) => t.template === target).length
    const verb = state === 'updating' ? 'updated' : 'rolled back'
    return [`${service.name} ${done}/${running.length} ${verb}`]
  })
}

/**
 * Services CI should not call healthy: short of running tasks, with a paused
 * update, rolled back on their own (as `docker service update` fails with
 * "service rolled back"), with an edit held while something is gone (the
 * file's spec is not what runs), or with an update under way that does not go
 * on by itself: no next batch is due (a replacement fits nowhere and
 * `failureAction` is continue, or under `maxFailureRatio`), or its next batch
 * was due by `roundAt` (wall-clock ms when the last reconcile began) and is due
 * still (it waits for something gone). Either waits for a change, as a paused
 * update does; a batch due after `roundAt` is a delay between batches.
 * `trouble` says what keeps a service's spec from running, when it is known.
 */
export function unsettledServices(
  services: readonly Resource<'Service'>[],
  roundAt: number,
  trouble: (service: Resource<'Service'>) => string | undefined = () => undefined,
): string[] {
  return services.flatMap((service) => {
    const status = service.status
    const replicas = status?.replicas
    const update = status?.updateStatus
    const state = update?.state
    const ready = readyMessage(service)
    const why = ready ? ` (${ready})` : ''
    // The update's own message says why: `update paused due to … task web.3: network x not found`.
    if (update && (state === 'paused' || state === 'rollback_paused'))
      return [`${service.name}: ${update.message}`]
    if (update && ACTIVE.has(update.state) && !(Date.parse(update.nextBatchAt ?? '') > roundAt))
      return [`${service.name}: ${update.message}`]
    if (state === 'rollback_completed' && heldAfterRollback(service)) {
      // The update's message is now `rollback completed`: why the template failed is worked out anew.
      const failed = trouble(service)
      return [
        `${service.name}: update rolled back, the spec's template is not running${failed ? ` (${failed})` : ''}`,
      ]
    }
    if (replicas && replicas.running < replicas.desired) {
      const count = `${replicas.running}/${replicas.desired} tasks running`
      // Ready's message often starts with the same count: said once, with what follows it.
      return [`${service.name}: ${ready?.startsWith(count) ? ready : `${count}${why}`}`]
    }
    if (!(state && ACTIVE.has(state)) && specDiffersFromApplied(service.writtenSpec, status?.appliedSpec))
      return [`${service.name}: the spec's template is not running yet${why}`]
    return []
  })
}

/** The service's Ready message without its leading `service NAME: ` (the line names the service already). */
function readyMessage(service: Resource<'Service'>): string | undefined {
  const message = service.status?.conditions?.find((c) => c.type === 'Ready')?.message
  const prefix = `service ${service.name}: `
  return message?.startsWith(prefix) ? message.slice(prefix.length) : message
}

/** After an automatic rollback the previous template is held while the spec still asks for the failed one. */
export function heldAfterRollback(service: Resource<'Service'>): boolean {
  // Both digests without content inputs: only whether the templates differ matters here.
  return rolloutOf(service).stamp.template !== templateDigest(service.writtenSpec, [])
}
