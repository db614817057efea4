import fc from 'fast-check'
import type { Doc } from '../support/cluster.js'
import { network, node, service, weave2 } from '../support/cluster.js'

/** A random cluster as plain data, turned into manifests by `toDocs` and judged by `fits`. */
export interface NodeModel {
  name: string
  role: 'manager' | 'worker'
  availability: 'active' | 'pause' | 'drain'
  zone: string | undefined
  /** CPUs; undefined = unlimited. */
  cpus: number | undefined
  arch: string
}
export interface ServiceModel {
  name: string
  replicas: number
  constraints: string[]
  spread: boolean
  maxPerNode: number
  cpus: number
  network: boolean
  arm64Only: boolean
}
export interface ClusterModel {
  nodes: NodeModel[]
  /** Nodes where the weave2 network driver is installed (enabled). */
  weave: string[]
  services: ServiceModel[]
}

const CONSTRAINTS = [
  'node.role==manager',
  'node.role!=manager',
  'node.labels.zone==a',
  'node.labels.zone!=a',
  'node.labels.zone==B',
  'node.labels.rack!=r1',
]

const nodeArb = (i: number) =>
  fc.record({
    name: fc.constant(`n${i}`),
    role: fc.constantFrom('manager', 'worker'),
    availability: fc.constantFrom('active', 'active', 'active', 'pause', 'drain'),
    zone: fc.constantFrom(undefined, 'a', 'b', 'c'),
    cpus: fc.constantFrom(undefined, 1, 2, 4),
    arch: fc.constantFrom('x86_64', 'amd64', 'aarch64', 'arm64'),
  })

const serviceArb = (name: string) =>
  fc.record({
    name: fc.constant(name),
    replicas: fc.integer({ min: 0, max: 9 }),
    constraints: fc.subarray(CONSTRAINTS, { maxLength: 2 }),
    spread: fc.boolean(),
    maxPerNode: fc.constantFrom(0, 0, 1, 2, 3),
    cpus: fc.constantFrom(0, 0, 0.5, 1),
    network: fc.boolean(),
    arm64Only: fc.boolean(),
  })

export const clusterArb = (services: { min: number; max: number }) =>
  fc
    .integer({ min: 1, max: 6 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => nodeArb(i))))
    .chain((nodes) =>
      fc.record({
        nodes: fc.constant(nodes as NodeModel[]),
        weave: fc.subarray(nodes.map((n) => n.name)),
        services: fc
          .integer({ min: services.min, max: services.max })
          .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => serviceArb(`s${i}`)))),
      }),
    )

export function toDocs(model: ClusterModel): Doc[] {
  return [
    ...model.nodes.map((n) =>
      node(
        n.name,
        {
          role: n.role,
          availability: n.availability,
          platform: { os: 'linux', architecture: n.arch },
          ...(n.cpus === undefined ? {} : { resources: { cpus: n.cpus } }),
        },
        n.zone ? { zone: n.zone } : undefined,
      ),
    ),
    weave2(model.weave),
    network('net', { driver: 'bboreham/weave2' }),
    ...model.services.map((s) =>
      service(s.name, {
        replicas: s.replicas,
        ...(s.network ? { networks: ['net'] } : {}),
        placement: {
          constraints: s.constraints,
          ...(s.spread ? { preferences: [{ spread: 'node.labels.zone' }] } : {}),
          ...(s.maxPerNode ? { maxReplicasPerNode: s.maxPerNode } : {}),
          ...(s.arm64Only ? { platforms: [{ architecture: 'arm64' }] } : {}),
        },
        ...(s.cpus ? { resources: { reservations: { cpus: s.cpus } } } : {}),
      }),
    ),
  ]
}

const arch = (a: string) => ({ x86_64: 'amd64', aarch64: 'arm64' })[a] ?? a

/** Whether the network is usable at all: its driver enabled on some manager (Swarm's rule). */
function networkReady(model: ClusterModel): boolean {
  return model.nodes.some((n) => n.role === 'manager' && model.weave.includes(n.name))
}

/**
 * Every filter that does not depend on load, recomputed from the model
 * without the scheduler's code: availability, plugin, constraints, platform.
 */
export function staticFit(model: ClusterModel, s: ServiceModel, n: NodeModel): boolean {
  if (n.availability !== 'active') return false
  if (s.network && !(networkReady(model) && model.weave.includes(n.name))) return false
  for (const c of s.constraints) {
    const [key, value] = c.split(/==|!=/) as [string, string]
    const attr = key === 'node.role' ? n.role : key === 'node.labels.zone' ? (n.zone ?? '') : ''
    const equal = attr.toLowerCase() === value.toLowerCase()
    if (c.includes('==') !== equal) return false
  }
  if (s.arm64Only && arch(n.arch) !== 'arm64') return false
  return true
}

/** How many tasks of `s` a node could take on its own, ignoring other services. */
export function capacityFor(s: ServiceModel, n: NodeModel): number {
  const byCpu =
    s.cpus > 0 && n.cpus !== undefined ? Math.floor(n.cpus / s.cpus + 1e-9) : Number.POSITIVE_INFINITY
  const byMax = s.maxPerNode > 0 ? s.maxPerNode : Number.POSITIVE_INFINITY
  return Math.min(byCpu, byMax)
}
