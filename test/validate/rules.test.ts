import { describe, expect, test } from 'vitest'
import type { Kind } from '../../src/model/kinds.js'
import { createValidator } from '../../src/validate/validator.js'

const validator = createValidator()

function doc(kind: Kind, spec: Record<string, unknown>) {
  return { apiVersion: 'berth.dev/v1', kind, metadata: { name: 'x' }, spec }
}

const service = (spec: Record<string, unknown>) => doc('Service', { image: 'busybox', ...spec })
const network = (...config: Record<string, unknown>[]) => doc('Network', { ipam: { config } })

describe('rules beyond the schema: accepted', () => {
  test.each<[string, Kind, unknown]>([
    [
      'constraints and spread',
      'Service',
      service({
        placement: {
          constraints: ['node.labels.zone==a', 'node.role!=worker'],
          preferences: [{ spread: 'node.labels.zone' }, { spread: 'node.role' }],
        },
      }),
    ],
    ['replicas 0', 'Service', service({ replicas: 0 })],
    [
      'global without replicas',
      'Service',
      service({ mode: 'global', placement: { constraints: ['node.role==worker'] } }),
    ],
    ['plugin on a node list', 'Plugin', doc('Plugin', { remote: 'r', nodes: ['node1'] })],
    ['plugin on a selector', 'Plugin', doc('Plugin', { remote: 'r', nodeSelector: { zone: 'b' } })],
    ['plugin everywhere', 'Plugin', doc('Plugin', { remote: 'r' })],
    ['IPv4 pool', 'Network', network({ subnet: '10.0.9.0/24', gateway: '10.0.9.1', ipRange: '10.0.9.0/25' })],
    ['IPv6 pool', 'Network', network({ subnet: 'fd00:9::/64', gateway: 'fd00:9::1' })],
    [
      'two disjoint pools',
      'Network',
      network({ subnet: '10.0.9.0/24' }, { subnet: '10.0.10.0/24' }, { subnet: 'fd00::/64' }),
    ],
    ['pool with a subnet only', 'Network', network({ subnet: '192.168.0.0/16' })],
    ['largest safe memory', 'Node', doc('Node', { resources: { memory: '7Pi', cpus: '0.001' } })],
  ])('%s', (_name, kind, input) => {
    expect(validator.validate(kind, input)).toEqual([])
  })
})

describe('rules beyond the schema: refused', () => {
  test.each<[string, Kind, unknown, (string | number)[], string]>([
    // quantities
    [
      'bad memory suffix',
      'Service',
      service({ resources: { reservations: { memory: '8Gx' } } }),
      ['spec', 'resources', 'reservations', 'memory'],
      'spec.resources.reservations.memory: invalid quantity "8Gx" (use e.g. 64Mi, 8Gi, 512M)',
    ],
    [
      'memory in milli-bytes',
      'Service',
      service({ resources: { limits: { memory: '512m' } } }),
      ['spec', 'resources', 'limits', 'memory'],
      'invalid quantity "512m"',
    ],
    [
      'negative memory',
      'Node',
      doc('Node', { resources: { memory: -1 } }),
      ['spec', 'resources', 'memory'],
      'invalid quantity -1 (use e.g. 64Mi, 8Gi, 512M)',
    ],
    [
      'memory too large',
      'Node',
      doc('Node', { resources: { memory: '8Ei' } }),
      ['spec', 'resources', 'memory'],
      'invalid quantity "8Ei"',
    ],
    [
      'bad cpus',
      'Node',
      doc('Node', { resources: { cpus: '2 cores' } }),
      ['spec', 'resources', 'cpus'],
      'invalid quantity "2 cores" (use e.g. 0.5, 2, 500m)',
    ],
    [
      'negative cpus',
      'Service',
      service({ resources: { reservations: { cpus: -0.5 } } }),
      ['spec', 'resources', 'reservations', 'cpus'],
      'invalid quantity -0.5',
    ],
    // constraints and preferences
    [
      'unknown constraint key',
      'Service',
      service({ placement: { constraints: ['node.zone==a'] } }),
      ['spec', 'placement', 'constraints', 0],
      'spec.placement.constraints[0]: invalid constraint "node.zone==a": unknown key "node.zone"',
    ],
    [
      'constraint without operator',
      'Service',
      service({ placement: { constraints: ['node.role==manager', 'node.role=manager'] } }),
      ['spec', 'placement', 'constraints', 1],
      'expected key==value or key!=value',
    ],
    [
      'engine label constraint',
      'Service',
      service({ placement: { constraints: ['engine.labels.a==b'] } }),
      ['spec', 'placement', 'constraints', 0],
      'engine labels are not supported',
    ],
    [
      'bad role value',
      'Service',
      service({ placement: { constraints: ['node.role==leader'] } }),
      ['spec', 'placement', 'constraints', 0],
      'node.role is manager or worker',
    ],
    [
      'bad spread',
      'Service',
      service({ placement: { preferences: [{ spread: 'zone' }] } }),
      ['spec', 'placement', 'preferences', 0, 'spread'],
      'invalid spread preference "zone": unknown key',
    ],
    // mutual exclusion and mode
    [
      'nodes and nodeSelector',
      'Plugin',
      doc('Plugin', { remote: 'r', nodes: ['node1'], nodeSelector: { zone: 'a' } }),
      ['spec', 'nodeSelector'],
      'cannot be combined with spec.nodes',
    ],
    [
      'global with replicas',
      'Service',
      service({ mode: 'global', replicas: 2 }),
      ['spec', 'replicas'],
      'spec.replicas: only allowed in replicated mode',
    ],
    [
      'global with max per node',
      'Service',
      service({ mode: 'global', placement: { maxReplicasPerNode: 1 } }),
      ['spec', 'placement', 'maxReplicasPerNode'],
      'only allowed in replicated mode',
    ],
    // IPAM
    [
      'subnet not a CIDR',
      'Network',
      network({ subnet: '10.0.9.0' }),
      ['spec', 'ipam', 'config', 0, 'subnet'],
      'invalid CIDR "10.0.9.0"',
    ],
    [
      'subnet prefix too long',
      'Network',
      network({ subnet: '10.0.9.0/40' }),
      ['spec', 'ipam', 'config', 0, 'subnet'],
      'prefix length above 32',
    ],
    [
      'subnet with host bits',
      'Network',
      network({ subnet: '10.0.9.1/24' }),
      ['spec', 'ipam', 'config', 0, 'subnet'],
      'has host bits set (did you mean 10.0.9.0/24?)',
    ],
    [
      'IPv6 subnet with host bits',
      'Network',
      network({ subnet: 'fd00:9::1/64' }),
      ['spec', 'ipam', 'config', 0, 'subnet'],
      'did you mean fd00:9::/64?',
    ],
    [
      'gateway outside',
      'Network',
      network({ subnet: '10.0.9.0/24', gateway: '10.0.10.1' }),
      ['spec', 'ipam', 'config', 0, 'gateway'],
      '10.0.10.1 is not inside subnet 10.0.9.0/24',
    ],
    [
      'IPv4 gateway in IPv6 subnet',
      'Network',
      network({ subnet: 'fd00::/64', gateway: '10.0.0.1' }),
      ['spec', 'ipam', 'config', 0, 'gateway'],
      'is not inside subnet',
    ],
    [
      'gateway not an address',
      'Network',
      network({ subnet: '10.0.9.0/24', gateway: 'router' }),
      ['spec', 'ipam', 'config', 0, 'gateway'],
      'invalid IP address "router"',
    ],
    [
      'gateway without subnet',
      'Network',
      network({ gateway: '10.0.9.1' }),
      ['spec', 'ipam', 'config', 0],
      'gateway and ipRange need a subnet',
    ],
    [
      'ipRange outside',
      'Network',
      network({ subnet: '10.0.9.0/24', ipRange: '10.0.8.0/23' }),
      ['spec', 'ipam', 'config', 0, 'ipRange'],
      'is not inside subnet',
    ],
    // mounts
    [
      'two mounts on one target',
      'Service',
      service({
        mounts: [
          { type: 'volume', source: 'a', target: '/data' },
          { type: 'tmpfs', target: '/tmp' },
          { type: 'volume', source: 'b', target: '/data' },
        ],
      }),
      ['spec', 'mounts', 2, 'target'],
      'duplicate mount point /data (repeats spec.mounts[0].target)',
    ],
    // Docker refuses these before it runs anything; berth took them.
    [
      'a relative mount target',
      'Service',
      service({ mounts: [{ type: 'volume', source: 'a', target: 'data' }] }),
      ['spec', 'mounts', 0, 'target'],
      'the mount target must be an absolute path, not "data"',
    ],
    [
      'a bind mount without a source',
      'Service',
      service({
        mounts: [
          { type: 'tmpfs', target: '/tmp' },
          { type: 'bind', target: '/srv' },
        ],
      }),
      ['spec', 'mounts', 1],
      'a bind mount needs a source',
    ],
    [
      'a tmpfs mount with a source',
      'Service',
      service({ mounts: [{ type: 'tmpfs', source: 'x', target: '/tmp' }] }),
      ['spec', 'mounts', 0, 'source'],
      'a tmpfs mount takes no source',
    ],
    [
      'overlapping pools',
      'Network',
      network({ subnet: '10.0.0.0/16' }, { subnet: '10.0.9.0/24' }),
      ['spec', 'ipam', 'config', 1, 'subnet'],
      'overlaps spec.ipam.config[0].subnet',
    ],
  ])('%s', (_name, kind, input, path, message) => {
    expect(validator.validate(kind, input)).toContainEqual({
      path,
      message: expect.stringContaining(message),
    })
  })

  test('a bad quantity is reported once, by the schema and the rule alike', () => {
    const issues = validator.validate('Node', doc('Node', { resources: { memory: '8Gx' } }))
    expect(issues).toHaveLength(1)
  })
})
