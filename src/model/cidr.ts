/**
 * IPv4 and IPv6 addresses and CIDR blocks as exact integers, for IPAM checks here and
 * subnet-overlap checks between networks.
 */
import { isIPv4, isIPv6 } from 'node:net'

/** An address: family and value (32 or 128 bits). */
export interface IpAddress {
  family: 4 | 6
  value: bigint
}

/** A CIDR block; `network` has the host bits cleared, `address` is as written. */
export interface Cidr {
  family: 4 | 6
  address: bigint
  network: bigint
  prefix: number
}

const bits = (family: 4 | 6): number => (family === 4 ? 32 : 128)

function v4Value(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n)
}

function v6Value(text: string): bigint {
  let hex = text
  const lastColon = hex.lastIndexOf(':')
  const tail = hex.slice(lastColon + 1)
  if (tail.includes('.')) {
    const v4 = v4Value(tail)
    hex = `${hex.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const [head = '', rest] = hex.split('::')
  const left = head ? head.split(':') : []
  const right = rest ? rest.split(':') : []
  const groups =
    rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group, 16)), 0n)
}

/** Parses an IPv4 or IPv6 address (no zone); undefined when it is neither. */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { family: 4, value: v4Value(text) }
  if (isIPv6(text) && !text.includes('%')) return { family: 6, value: v6Value(text) }
  return undefined
}

/** Writes an address back: dotted quad, or RFC 5952 IPv6 (longest zero run as `::`). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.')
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn))
  let best = { at: -1, len: 0 }
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i }
    i = j > i ? j : i + 1
  }
  const hex = groups.map((g) => g.toString(16))
  if (best.at < 0) return hex.join(':')
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`
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
  return { family: ip.family, address: ip.value, network: ip.value & mask(ip.family, prefix), prefix }
}

function mask(family: 4 | 6, prefix: number): bigint {
  const width = BigInt(bits(family))
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefix))) - 1n)
}

/** Writes a block back in canonical form, host bits cleared. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.network })}/${cidr.prefix}`
}

/** Whether the address lies inside the block. */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  return cidr.family === ip.family && (ip.value & mask(cidr.family, cidr.prefix)) === cidr.network
}

/** Whether two blocks share an address (one contains the other). */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false
  const prefix = Math.min(a.prefix, b.prefix)
  return (a.network & mask(a.family, prefix)) === (b.network & mask(b.family, prefix))
}
