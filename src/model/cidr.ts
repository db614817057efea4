/**
 * IPv4 and IPv6 addresses and CIDR blocks, for IPAM checks here and subnet-overlap checks
 * between networks. The arithmetic and the canonical text are ipaddr.js's; which texts are
 * addresses at all is Node's (`isIPv4`/`isIPv6`: dotted quads only, no zone).
 */
import { isIPv4, isIPv6 } from 'node:net'
import ipaddr from 'ipaddr.js'

type Ip = ipaddr.IPv4 | ipaddr.IPv6

/** An address and its family. */
export interface IpAddress {
  family: 4 | 6
  ip: Ip
}

/**
 * A CIDR block: `network` is its canonical text with the host bits cleared, `address` the
 * canonical text of the address as written (they differ when host bits are set).
 */
export interface Cidr {
  family: 4 | 6
  address: string
  network: string
  prefix: number
  /** The network address, for matching. */
  base: Ip
}

const bits = (family: 4 | 6): number => (family === 4 ? 32 : 128)

/** Parses an IPv4 or IPv6 address (no zone); undefined when it is neither. */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { family: 4, ip: ipaddr.IPv4.parse(text) }
  if (isIPv6(text) && !text.includes('%')) return { family: 6, ip: ipaddr.IPv6.parse(text) }
  return undefined
}

/** Parses `10.0.9.0/24` or `fd00:9::/64`. Host bits may be set: compare `address` with `network`. */
export function parseCidr(text: string): Cidr | { error: string } {
  const slash = text.indexOf('/')
  const ip = slash > 0 ? parseIp(text.slice(0, slash)) : undefined
  const prefixText = text.slice(slash + 1)
  if (!ip || !/^\d{1,3}$/.test(prefixText)) {
    return { error: `invalid CIDR ${JSON.stringify(text)} (use e.g. 10.0.9.0/24 or fd00:9::/64)` }
  }
  const prefix = Number(prefixText)
  if (prefix > bits(ip.family)) {
    return { error: `invalid CIDR ${JSON.stringify(text)}: prefix length above ${bits(ip.family)}` }
  }
  const address = ip.ip.toString()
  const base =
    ip.ip.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`)
  return { family: ip.family, address, network: base.toString(), prefix, base }
}

/** Writes a block back in canonical form, host bits cleared. */
export function formatCidr(cidr: Cidr): string {
  return `${cidr.network}/${cidr.prefix}`
}

/** Whether the address lies inside the block. */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  return cidr.family === address.family && address.ip.match(cidr.base, cidr.prefix)
}

/** Whether two blocks share an address (one contains the other). */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.base.match(b.base, Math.min(a.prefix, b.prefix))
}
