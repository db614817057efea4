import { stableId } from '../../model/ids.js'
import type { Resource } from '../../model/resource.js'
import { isStale, STALE_MARK } from '../../model/staleness.js'
import { normalizePluginName } from '../../plugins/reference.js'
import { renderTable } from '../table.js'
import { ingressPortsColumn } from './ports-column.js'

/** A service's short id, as Docker shows ids: 12 characters. */
export function serviceId(name: string): string {
  return stableId('service', name).slice(0, 12)
}

/** `docker service ls`: ID, NAME, MODE, REPLICAS, IMAGE, PORTS. */
export function serviceLs(services: readonly Resource<'Service'>[]): string {
  const rows = services.map((s) => {
    const replicas = s.status?.replicas
    const max = s.spec.placement.maxReplicasPerNode
    const count = `${replicas?.running ?? 0}/${replicas?.desired ?? (s.spec.mode === 'global' ? 0 : s.spec.replicas)}`
    return [
      serviceId(s.name),
      s.name,
      s.spec.mode,
      (max ? `${count} (max ${max} per node)` : count) + (isStale(s) ? STALE_MARK : ''),
      normalizePluginName(shownImage(s)),
      ingressPortsColumn(s.status?.ports),
    ]
  })
  return renderTable(['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'], rows)
}

/**
 * The image Docker's table would show: the spec's, except after an automatic rollback, where
 * Docker's service spec is the previous one again while berth leaves the person's file as it
 * is: then the image the tasks were rolled back to.
 */
function shownImage(service: Resource<'Service'>): string {
  const status = service.status
  const rolledBackTo =
    status?.updateStatus?.state === 'rollback_completed' ? status.appliedSpec?.image : undefined
  return rolledBackTo ?? service.spec.image
}
