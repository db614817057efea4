import type { Cidr } from '../../src/model/cidr.js'
import { cidrsOverlap, parseCidr } from '../../src/model/cidr.js'
import type { Resource } from '../../src/model/resource.js'

type Network = Resource<'Network'>

/**
 * The first other network whose subnets overlap this one's and that holds
 * them first: one already Ready keeps its subnets; between two that are not,
 * the one whose name sorts first. The later one is in error.
 */
export function subnetConflict(
  network: Network,
  others: readonly Network[],
): { other: string; subnet: string; otherSubnet: string } | undefined {
  const mine = subnetsOf(network)
  if (mine.length === 0) return undefined
  for (const other of others) {
    if (other.name === network.name || !holdsFirst(other, network)) continue
    for (const a of mine) {
      for (const b of subnetsOf(other)) {
        if (cidrsOverlap(a.cidr, b.cidr)) return { other: other.name, subnet: a.text, otherSubnet: b.text }
      }
    }
  }
  return undefined
}

function holdsFirst(other: Network, network: Network): boolean {
  const readyOther = isReady(other)
  const readyMine = isReady(network)
  if (readyOther !== readyMine) return readyOther
  return other.name < network.name
}

function isReady(network: Network): boolean {
  return network.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
}

function subnetsOf(network: Network): { text: string; cidr: Cidr }[] {
  return (network.spec.ipam.config ?? []).flatMap((c) => {
    if (!c.subnet) return []
    const cidr = parseCidr(c.subnet)
    return 'error' in cidr ? [] : [{ text: c.subnet, cidr }]
  })
}
