import { updateSettings } from '../../../controllers/service/update-settings.js'
import { formatDuration } from '../../model/duration.js'
import { longReference } from '../../model/references.js'
import type { Resource } from '../../model/resource.js'
import type { FileReference, PortSpec, ServiceSpec, UpdateConfig } from '../../model/spec.js'
import { normalizePluginName } from '../../plugins/reference.js'
import type { Field } from './describe-format.js'
import { fieldLines, joinOrNone, NONE, ruledTable, section } from './describe-format.js'
import { nodeReasons } from './node-reasons.js'

/** The spec summary of a Service: image, mode, replicas, networks, mounts, placement, reservations. */
export function serviceSpecFields(spec: ServiceSpec): Field[] {
  const mode = spec.mode
  const placement = spec.placement
  const reservations = spec.resources?.reservations
  return [
    ['Image', normalizePluginName(spec.image)],
    ...(spec.command ? ([['Command', spec.command.join(' ')]] as Field[]) : []),
    ['Mode', mode],
    ...(mode === 'replicated' ? ([['Replicas', String(spec.replicas)]] as Field[]) : []),
    ['Networks', joinOrNone(spec.networks)],
    ['Mounts', (spec.mounts ?? []).map(mountText).join('\n') || NONE],
    ...(spec.logDriver ? ([['Log Driver', spec.logDriver.name]] as Field[]) : []),
    ['Constraints', joinOrNone(placement.constraints)],
    ['Preferences', joinOrNone(placement.preferences?.map((p) => `spread=${p.spread}`))],
    ...(placement.maxReplicasPerNode
      ? ([['Max Replicas Per Node', String(placement.maxReplicasPerNode)]] as Field[])
      : []),
    ['Reservations', quantities(reservations)],
    ...(spec.updateConfig ? ([['Update Config', rolloutText(spec.updateConfig)]] as Field[]) : []),
    ...(spec.rollbackConfig ? ([['Rollback Config', rolloutText(spec.rollbackConfig)]] as Field[]) : []),
    ...(spec.forceUpdate ? ([['Force Update', String(spec.forceUpdate)]] as Field[]) : []),
    ...(spec.ports ? ([['Ports', spec.ports.map(portText).join('\n')]] as Field[]) : []),
    ...(spec.secrets ? ([['Secrets', spec.secrets.map(referenceText).join('\n')]] as Field[]) : []),
    ...(spec.configs ? ([['Configs', spec.configs.map(referenceText).join('\n')]] as Field[]) : []),
  ]
}

/** `parallelism 2, delay 3s, stop-first, on failure pause`: the config with Swarm's defaults filled in. */
function rolloutText(config: UpdateConfig): string {
  const s = updateSettings(config)
  const ratio = s.maxFailureRatio > 0 ? `, max failure ratio ${s.maxFailureRatio}` : ''
  return `parallelism ${s.parallelism}, delay ${formatDuration(s.delayMs)}, ${s.order}, on failure ${s.failureAction}${ratio}`
}

/** The Update Status block (docker service inspect's UpdateStatus), when there has been an update. */
export function updateSection(service: Resource<'Service'>): string {
  const update = service.status?.updateStatus
  if (!update) return ''
  const fields: Field[] = [
    ['State', update.state],
    ['Started', update.startedAt],
    ...(update.completedAt ? ([['Completed', update.completedAt]] as Field[]) : []),
    ...(update.nextBatchAt ? ([['Next Batch', update.nextBatchAt]] as Field[]) : []),
    ['Message', update.message],
    ...(service.status?.previousSpec
      ? ([['Previous Image', normalizePluginName(service.status.previousSpec.image)]] as Field[])
      : []),
  ]
  return section('Update Status', fieldLines(fields))
}

/** `8080->80/tcp (ingress)`, or `80/tcp` for a port that is not published. */
function portText(p: PortSpec): string {
  return p.published === undefined
    ? `${p.target}/${p.protocol}`
    : `${p.published}->${p.target}/${p.protocol} (${p.mode})`
}

/** `db-password → db`: a secret or config by name, and where the task finds it when that differs. */
function referenceText(ref: FileReference): string {
  const { source, target } = longReference(ref)
  return target && target !== source ? `${source} → ${target}` : source
}

/** The Tasks block: every task, current and shut down, with its node and message. */
export function tasksSection(service: Resource<'Service'>): string {
  const rows = (service.status?.tasks ?? []).map((t) => [
    t.id.slice(0, 12),
    t.name,
    normalizePluginName(t.image ?? service.spec.image),
    t.node ?? '',
    t.desiredState,
    t.state,
    t.message ?? '',
  ])
  return section(
    'Tasks',
    rows.length === 0 ? '' : ruledTable(['ID', 'Name', 'Image', 'Node', 'Desired', 'State', 'Message'], rows),
  )
}

/**
 * Why each pending task waits: Swarm's summary from the task, then, per
 * node, what it lacks, from the Ready condition's message. A global service
 * leaves no pending tasks; the nodes it skips are listed instead. Empty
 * when nothing waits.
 */
export function waitingSection(service: Resource<'Service'>): string {
  const pending = (service.status?.tasks ?? []).filter(
    (t) => t.state === 'pending' && t.desiredState === 'running',
  )
  const ready = service.status?.conditions?.find((c) => c.type === 'Ready')
  const nodes: Field[] = nodeReasons(ready?.message).map((r) => [r.nodes || 'other', r.reason])
  if (pending.length === 0)
    return service.spec.mode === 'global' && nodes.length > 0
      ? section('Not Running On', fieldLines(nodes))
      : ''
  const lines = pending.map(
    (t) => `${t.name} (${t.id.slice(0, 12)}): ${t.message ?? 'waiting to be scheduled'}`,
  )
  const body = `${lines.join('\n')}\n${nodes.length > 0 ? `Per node:\n${fieldLines(nodes, 2)}` : ''}`
  return section('Waiting', body)
}

function mountText(m: NonNullable<ServiceSpec['mounts']>[number]): string {
  const from = m.source ? `${m.source} -> ` : ''
  const extras = [m.type, m.volumeDriver ? `driver ${m.volumeDriver}` : '', m.readOnly ? 'ro' : 'rw'].filter(
    Boolean,
  )
  return `${from}${m.target} (${extras.join(', ')})`
}

/** `cpus 0.5, memory 64Mi`, or `<none>`. */
export function quantities(q: { cpus?: number | string; memory?: number | string } | undefined): string {
  const parts = [
    q?.cpus !== undefined ? `cpus ${q.cpus}` : '',
    q?.memory !== undefined ? `memory ${q.memory}` : '',
  ]
  return parts.filter(Boolean).join(', ') || NONE
}
