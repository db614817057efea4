import { stableId } from '../../model/ids.js'
import type { Resource } from '../../model/resource.js'
import { isStale, STALE_MARK } from '../../model/staleness.js'
import { renderTable } from '../table.js'

/** A network's id: the one berth wrote in its status, else the same stable derivation. */
export function networkId(network: Resource<'Network'>): string {
  return network.status?.id ?? stableId('network', network.name)
}

/** `docker network ls`: NETWORK ID (12 characters unless `noTrunc`), NAME, DRIVER, SCOPE. */
export function networkLs(
  networks: readonly Resource<'Network'>[],
  options: { noTrunc?: boolean } = {},
): string {
  const rows = networks.map((n) => {
    const id = networkId(n)
    return [
      options.noTrunc ? id : id.slice(0, 12),
      n.name,
      n.spec.driver,
      (n.status?.scope ?? 'swarm') + (isStale(n) ? STALE_MARK : ''),
    ]
  })
  return renderTable(['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], rows)
}
