import { type Cidr, cidrContains, cidrsOverlap, formatCidr, parseCidr, parseIp } from '../../model/cidr.js'
import { arrayAt, isRecord } from '../access.js'
import { type IssuePath, issueAt, type SchemaIssue } from '../issue.js'
import type { Rule } from './rule.js'

/** Parses a block and insists on canonical form (no host bits), as a subnet must be. */
function block(text: string, path: IssuePath, issues: SchemaIssue[]): Cidr | undefined {
  const cidr = parseCidr(text)
  if ('error' in cidr) {
    issues.push(issueAt(path, cidr.error))
    return undefined
  }
  if (cidr.address !== cidr.network) {
    issues.push(
      issueAt(path, `${JSON.stringify(text)} has host bits set (did you mean ${formatCidr(cidr)}?)`),
    )
    return undefined
  }
  return cidr
}

/** Checks one `ipam.config` entry; returns its subnet when valid. */
function checkPool(pool: Record<string, unknown>, base: IssuePath, issues: SchemaIssue[]): Cidr | undefined {
  const { subnet, gateway, ipRange } = pool
  const net = typeof subnet === 'string' ? block(subnet, [...base, 'subnet'], issues) : undefined
  if (typeof subnet !== 'string' && (typeof gateway === 'string' || typeof ipRange === 'string')) {
    issues.push(issueAt(base, 'gateway and ipRange need a subnet'))
    return undefined
  }
  if (typeof gateway === 'string') {
    const ip = parseIp(gateway)
    if (!ip) issues.push(issueAt([...base, 'gateway'], `invalid IP address ${JSON.stringify(gateway)}`))
    else if (net && !cidrContains(net, ip)) {
      issues.push(issueAt([...base, 'gateway'], `${gateway} is not inside subnet ${subnet}`))
    }
  }
  if (typeof ipRange === 'string') {
    const range = block(ipRange, [...base, 'ipRange'], issues)
    if (range && net && !(cidrsOverlap(net, range) && range.prefix >= net.prefix)) {
      issues.push(issueAt([...base, 'ipRange'], `${ipRange} is not inside subnet ${subnet}`))
    }
  }
  return net
}

/**
 * IPAM pools: each subnet is a canonical IPv4 or IPv6 CIDR, the gateway and ipRange lie
 * inside it, and the pools of one network do not overlap. (Overlap between networks is the
 * Network controller's business: it needs the other networks.)
 */
export const ipamPools: Rule = {
  name: 'ipam-pools',
  kinds: ['Network'],
  check: (doc) => {
    const issues: SchemaIssue[] = []
    const seen: { cidr: Cidr; index: number }[] = []
    arrayAt(doc, ['spec', 'ipam', 'config']).forEach((pool, index) => {
      if (!isRecord(pool)) return
      const base = ['spec', 'ipam', 'config', index]
      const cidr = checkPool(pool, base, issues)
      if (!cidr) return
      const clash = seen.find((s) => cidrsOverlap(s.cidr, cidr))
      if (clash) issues.push(issueAt([...base, 'subnet'], `overlaps spec.ipam.config[${clash.index}].subnet`))
      seen.push({ cidr, index })
    })
    return issues
  },
}
