import type { Prng } from './prng.js'
import { createPrng } from './prng.js'

/**
 * The plan of a generated cluster, as plain data: what each node, volume,
 * network and service looks like. `templates.ts` turns it into YAML text.
 * Everything is drawn from a seeded generator, so a plan is the same on every
 * run, and the plan knows how many tasks it should place.
 */

/** How big a cluster to generate. */
export interface ClusterShape {
  readonly nodes: number
  readonly services: number
  /** Tasks in all, global services' included (approximately: rounding). */
  readonly tasks: number
  readonly networks: number
  readonly volumes: number
}

export interface NodePlan {
  readonly name: string
  readonly role: 'manager' | 'worker'
  readonly availability: 'active' | 'pause' | 'drain'
  readonly labels: Readonly<Record<string, string>>
  readonly cpus: number
  readonly memory: string
  readonly arch: 'x86_64' | 'aarch64'
}

export type VolumeKind = 'ssd' | 'pinned' | 'sshfs' | 's3'

export interface VolumePlan {
  readonly name: string
  readonly kind: VolumeKind
  /** Pinned volumes exist on these nodes only. */
  readonly nodes: readonly string[]
}

export interface NetworkPlan {
  readonly name: string
  readonly driver: 'weave' | 'overlay'
  readonly subnet: string | undefined
}

export interface ServicePlan {
  readonly name: string
  readonly team: string
  readonly role: 'web' | 'worker' | 'stateful' | 'agent' | 'edge-proxy' | 'log-shipper'
  readonly mode: 'replicated' | 'global'
  readonly replicas: number
  readonly network: string | undefined
  readonly mount: VolumePlan | undefined
  readonly logDriver: 'loki' | 'json-file' | undefined
  readonly constraints: readonly string[]
  readonly spread: readonly string[]
  readonly maxReplicasPerNode: number
  readonly reserve: { readonly cpus: string; readonly memory: string } | undefined
  /** Tasks this service should run: replicas, or the eligible nodes of a global service. */
  readonly expectedTasks: number
}

export interface ClusterPlan {
  readonly seed: number
  readonly nodes: readonly NodePlan[]
  readonly volumes: readonly VolumePlan[]
  readonly networks: readonly NetworkPlan[]
  readonly services: readonly ServicePlan[]
  readonly expectedTasks: number
}

const ZONES = ['a', 'b', 'c'] as const
const TEAMS = ['payments', 'search', 'checkout', 'identity', 'media', 'ads', 'infra', 'data'] as const

export const nodeName = (i: number) => `node-${String(i + 1).padStart(5, '0')}`
const pad4 = (i: number) => String(i + 1).padStart(4, '0')

export function planCluster(shape: ClusterShape, seed: number): ClusterPlan {
  const rng = createPrng(seed)
  const nodes = planNodes(shape.nodes, rng)
  const volumes = planVolumes(shape.volumes, nodes, rng)
  const networks = planNetworks(shape.networks)
  const services = planServices(shape, nodes, volumes, networks, rng)
  return {
    seed,
    nodes,
    volumes,
    networks,
    services,
    expectedTasks: services.reduce((sum, s) => sum + s.expectedTasks, 0),
  }
}

/** Three managers first (one per zone, with every plugin), then workers. */
function planNodes(count: number, rng: Prng): NodePlan[] {
  const nodes: NodePlan[] = []
  for (let i = 0; i < count; i++) {
    const manager = i < 3
    const zone = ZONES[i % 3] ?? 'a'
    const labels: Record<string, string> = {
      zone,
      rack: `r${String(rng.int(1, 20)).padStart(2, '0')}`,
      disk: manager || rng.chance(0.4) ? 'ssd' : 'hdd',
      tier: !manager && rng.chance(0.05) ? 'edge' : 'general',
    }
    if (manager || rng.chance(0.75)) labels.net = 'weave'
    if (manager || rng.chance(0.5)) labels.logging = 'loki'
    if (manager || rng.chance(0.3)) labels.fuse = 'true'
    const roll = rng.next()
    nodes.push({
      name: nodeName(i),
      role: manager ? 'manager' : 'worker',
      availability: manager ? 'active' : roll < 0.005 ? 'drain' : roll < 0.01 ? 'pause' : 'active',
      labels,
      cpus: manager ? 16 : rng.pick([16, 32, 48, 64]),
      memory: manager ? '64Gi' : rng.pick(['64Gi', '128Gi', '192Gi', '256Gi']),
      arch: !manager && rng.chance(0.1) ? 'aarch64' : 'x86_64',
    })
  }
  return nodes
}

function planVolumes(count: number, nodes: readonly NodePlan[], rng: Prng): VolumePlan[] {
  const ssdWorkers = nodes.filter(
    (n) => n.role === 'worker' && n.availability === 'active' && n.labels.disk === 'ssd',
  )
  const volumes: VolumePlan[] = []
  for (let i = 0; i < count; i++) {
    const roll = i / count
    const kind: VolumeKind =
      roll < 0.4 ? 'ssd' : roll < 0.6 && ssdWorkers.length >= 3 ? 'pinned' : roll < 0.85 ? 'sshfs' : 's3'
    const pinned =
      kind === 'pinned'
        ? [0, 1, 2]
            .map(() => rng.pick(ssdWorkers).name)
            .filter(unique)
            .sort()
        : []
    volumes.push({ name: `${kind}-vol-${pad4(i)}`, kind, nodes: pinned })
  }
  return volumes
}

function planNetworks(count: number): NetworkPlan[] {
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 2
      ? { name: `overlay-net-${pad4(i)}`, driver: 'overlay' as const, subnet: `10.${(i % 250) + 1}.0.0/16` }
      : { name: `weave-net-${pad4(i)}`, driver: 'weave' as const, subnet: undefined },
  )
}

/**
 * About 1% global services (agents on managers, proxies and log shippers on
 * edge nodes), one stateful service per pinned volume, and the rest
 * stateless, with replica counts skewed the way real fleets are and scaled
 * so the whole cluster runs `shape.tasks` tasks.
 */
function planServices(
  shape: ClusterShape,
  nodes: readonly NodePlan[],
  volumes: readonly VolumePlan[],
  networks: readonly NetworkPlan[],
  rng: Prng,
): ServicePlan[] {
  const active = nodes.filter((n) => n.availability === 'active')
  const eligible = (test: (n: NodePlan) => boolean) => active.filter(test).length
  const base = {
    network: undefined,
    mount: undefined,
    logDriver: undefined,
    spread: [],
    maxReplicasPerNode: 0,
    reserve: undefined,
  }
  const services: ServicePlan[] = []
  const add = (plan: Omit<ServicePlan, 'name' | 'team'>) =>
    services.push({ ...plan, name: `svc-${pad4(services.length)}`, team: rng.pick(TEAMS) })

  const globals = Math.max(2, Math.round(shape.services * 0.01))
  for (let i = 0; i < globals && services.length < shape.services; i++) {
    const kind = i % 3
    if (kind === 0) {
      const constraints = ['node.role==manager']
      add({ ...base, role: 'agent', mode: 'global', replicas: 0, constraints, expectedTasks: 3 })
    } else if (kind === 1) {
      const constraints = ['node.labels.tier==edge']
      const expectedTasks = eligible((n) => n.labels.tier === 'edge')
      add({ ...base, role: 'edge-proxy', mode: 'global', replicas: 0, constraints, expectedTasks })
    } else {
      const constraints = ['node.labels.tier==edge']
      const expectedTasks = eligible((n) => n.labels.tier === 'edge' && n.labels.logging === 'loki')
      add({
        ...base,
        role: 'log-shipper',
        mode: 'global',
        replicas: 0,
        constraints,
        logDriver: 'loki',
        expectedTasks,
      })
    }
  }
  for (const volume of volumes.filter((v) => v.kind === 'pinned')) {
    if (services.length >= shape.services - 1) break
    const replicas = Math.min(volume.nodes.length, rng.int(1, 3))
    add({
      ...base,
      role: 'stateful',
      mode: 'replicated',
      replicas,
      mount: volume,
      maxReplicasPerNode: 1,
      constraints: [],
      expectedTasks: replicas,
    })
  }

  const stateless = shape.services - services.length
  const budget = Math.max(0, shape.tasks - services.reduce((sum, s) => sum + s.expectedTasks, 0))
  const weights = Array.from({ length: stateless }, () => 1 + 30 * rng.next() ** 4)
  const total = weights.reduce((a, b) => a + b, 0)
  let left = budget
  const shared = volumes.filter((v) => v.kind !== 'pinned')
  const weave = networks.filter((n) => n.driver === 'weave')
  const overlay = networks.filter((n) => n.driver === 'overlay')
  weights.forEach((w, i) => {
    const replicas = i === stateless - 1 ? left : Math.min(left, Math.round((budget * w) / total))
    left -= replicas
    const netRoll = rng.next()
    const network =
      netRoll < 0.6 && weave.length > 0
        ? rng.pick(weave).name
        : netRoll < 0.8 && overlay.length > 0
          ? rng.pick(overlay).name
          : undefined
    const mount = shared.length > 0 && rng.chance(0.35) ? rng.pick(shared) : undefined
    const logRoll = rng.next()
    const logDriver = logRoll < 0.2 ? ('loki' as const) : logRoll < 0.3 ? ('json-file' as const) : undefined
    const constraints: string[] = []
    const c = rng.next()
    if (c < 0.25) constraints.push(`node.labels.zone==${rng.pick(ZONES)}`)
    else if (c < 0.35) constraints.push('node.labels.tier!=edge')
    else if (c < 0.45) constraints.push('node.role==worker')
    const s = rng.next()
    const spread = s < 0.1 ? ['node.labels.zone', 'node.labels.rack'] : s < 0.4 ? ['node.labels.zone'] : []
    const perNodeSlots = Math.max(1, Math.floor(nodes.length * 0.02))
    const maxReplicasPerNode = rng.chance(0.15) ? Math.max(2, Math.ceil(replicas / perNodeSlots)) : 0
    const reserve = rng.chance(0.3)
      ? {
          cpus: rng.pick(['0.05', '0.1', '0.25', '500m']),
          memory: rng.pick(['64Mi', '128Mi', '256Mi', '512Mi']),
        }
      : undefined
    add({
      role: rng.chance(0.6) ? 'web' : 'worker',
      mode: 'replicated',
      replicas,
      network,
      mount,
      logDriver,
      constraints,
      spread,
      maxReplicasPerNode,
      reserve,
      expectedTasks: replicas,
    })
  })
  return services
}

function unique<T>(item: T, index: number, all: readonly T[]): boolean {
  return all.indexOf(item) === index
}
