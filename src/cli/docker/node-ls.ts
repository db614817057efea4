import type { Resource } from '../../model/resource.js'
import { isStale, STALE_MARK } from '../../model/staleness.js'
import { nodeId } from '../../view/sched-nodes.js'
import { renderTable } from '../table.js'

/**
 * `docker node ls`: ID, HOSTNAME, STATUS, AVAILABILITY, MANAGER STATUS,
 * ENGINE VERSION. The first manager by name is the `Leader`, the others
 * `Reachable`; workers have no manager status. Berth runs no engines, so
 * ENGINE VERSION stays empty. Ids are shown whole, as Docker does here.
 */
export function nodeLs(nodes: readonly Resource<'Node'>[]): string {
  const leader = [...nodes]
    .filter((n) => n.spec.role === 'manager')
    .map((n) => n.name)
    .sort()[0]
  const rows = nodes.map((n) => [
    nodeId(n.name),
    n.name,
    title(n.status?.state ?? 'unknown') + (isStale(n) ? STALE_MARK : ''),
    title(n.spec.availability),
    n.spec.role !== 'manager' ? '' : n.name === leader ? 'Leader' : 'Reachable',
    '',
  ])
  return renderTable(['ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'ENGINE VERSION'], rows)
}

function title(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}
