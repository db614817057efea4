import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import type { TaskStatus } from '../../src/model/status.js'
import type { Store } from '../../src/store/store.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanup,
  cluster,
  converge,
  editDoc,
  network,
  node,
  removeDoc,
  sampleVolumePlugin,
  service,
  setSpec,
  volume,
  weave2,
  writeDocs,
} from '../support/cluster.js'
import { figure, scaled, seedFor } from './support.js'

/**
 * Issue 6 §5: random operation sequences applied to real manifests and
 * reconciled by the real controllers. After every step the scheduling
 * invariants hold, recomputed here from a plain model, and a task that did not
 * need to move keeps its id and its node.
 */
const NODES = ['n0', 'n1', 'n2', 'n3', 'n4']
const CONSTRAINTS = ['node.role==manager', 'node.role!=manager', 'node.labels.zone==a', 'node.labels.zone!=b']

interface NodeM {
  role: 'manager' | 'worker'
  availability: 'active' | 'pause' | 'drain'
  zone: string
}
interface PluginM {
  exists: boolean
  enabled: boolean
  nodes: string[]
}
interface ServiceM {
  name: string
  replicas: number
  constraints: string[]
  network: boolean
  volume: boolean
  maxPerNode: number
}
interface Model {
  nodes: Map<string, NodeM>
  weave: PluginM
  sample: PluginM
  volume: { exists: boolean; nodes: string[] | undefined }
  services: ServiceM[]
}

type Op =
  | { op: 'addNode'; name: string; role: NodeM['role']; zone: string }
  | { op: 'removeNode'; name: string }
  | { op: 'availability'; name: string; value: NodeM['availability'] }
  | { op: 'pluginNodes'; plugin: 'weave' | 'sample'; nodes: string[] }
  | { op: 'pluginEnabled'; plugin: 'weave' | 'sample'; enabled: boolean }
  | { op: 'pluginRemove'; plugin: 'weave' | 'sample' }
  | { op: 'scale'; service: number; replicas: number }
  | { op: 'constraints'; service: number; constraints: string[] }
  | { op: 'volumeRemove' }
  | { op: 'volumeNodes'; nodes: string[] | undefined }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('addNode' as const),
    name: fc.constantFrom(...NODES),
    role: fc.constantFrom('manager' as const, 'worker' as const),
    zone: fc.constantFrom('a', 'b', 'c'),
  }),
  fc.record({ op: fc.constant('removeNode' as const), name: fc.constantFrom(...NODES) }),
  fc.record({
    op: fc.constant('availability' as const),
    name: fc.constantFrom(...NODES),
    value: fc.constantFrom('active' as const, 'pause' as const, 'drain' as const),
  }),
  fc.record({
    op: fc.constant('pluginNodes' as const),
    plugin: fc.constantFrom('weave' as const, 'sample' as const),
    nodes: fc.subarray(NODES),
  }),
  fc.record({
    op: fc.constant('pluginEnabled' as const),
    plugin: fc.constantFrom('weave' as const, 'sample' as const),
    enabled: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('pluginRemove' as const),
    plugin: fc.constantFrom('weave' as const, 'sample' as const),
  }),
  fc.record({
    op: fc.constant('scale' as const),
    service: fc.nat(3),
    replicas: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    op: fc.constant('constraints' as const),
    service: fc.nat(3),
    constraints: fc.subarray(CONSTRAINTS, { maxLength: 2 }),
  }),
  fc.record({ op: fc.constant('volumeRemove' as const) }),
  fc.record({
    op: fc.constant('volumeNodes' as const),
    nodes: fc.option(fc.subarray(NODES), { nil: undefined }),
  }),
)

function initialModel(): Model {
  return {
    nodes: new Map([
      ['n0', { role: 'manager', availability: 'active', zone: 'a' }],
      ['n1', { role: 'worker', availability: 'active', zone: 'b' }],
      ['n2', { role: 'worker', availability: 'active', zone: 'a' }],
    ]),
    weave: { exists: true, enabled: true, nodes: ['n0', 'n1', 'n2'] },
    sample: { exists: true, enabled: true, nodes: ['n1', 'n2'] },
    volume: { exists: true, nodes: undefined },
    services: [
      { name: 's0', replicas: 4, constraints: [], network: true, volume: false, maxPerNode: 0 },
      { name: 's1', replicas: 3, constraints: [], network: false, volume: true, maxPerNode: 2 },
      {
        name: 's2',
        replicas: 5,
        constraints: ['node.role!=manager'],
        network: false,
        volume: false,
        maxPerNode: 0,
      },
      { name: 's3', replicas: 2, constraints: [], network: true, volume: true, maxPerNode: 1 },
    ],
  }
}

const nodeDoc = (name: string, n: NodeM) =>
  node(name, { role: n.role, availability: n.availability }, { zone: n.zone })
const weaveDoc = (p: PluginM) => weave2(p.nodes, { enabled: p.enabled })
const sampleDoc = (p: PluginM) => sampleVolumePlugin(p.nodes, { enabled: p.enabled })
const volumeDoc = (m: Model) =>
  volume('vol', {
    driver: 'tiborvass/sample-volume-plugin',
    ...(m.volume.nodes ? { nodes: m.volume.nodes } : {}),
  })
const serviceDoc = (s: ServiceM) =>
  service(s.name, {
    replicas: s.replicas,
    ...(s.network ? { networks: ['net'] } : {}),
    ...(s.volume ? { mounts: [{ type: 'volume', source: 'vol', target: '/data' }] } : {}),
    placement: { constraints: s.constraints, ...(s.maxPerNode ? { maxReplicasPerNode: s.maxPerNode } : {}) },
  })

function initialDocs(m: Model): Doc[] {
  return [
    ...[...m.nodes].map(([name, n]) => nodeDoc(name, n)),
    weaveDoc(m.weave),
    sampleDoc(m.sample),
    volumeDoc(m),
    network('net', { driver: 'bboreham/weave2' }),
    ...m.services.map(serviceDoc),
  ]
}

/** Applies one operation to the files (keeping status, as a person's edit does) and to the model. */
function apply(dir: string, m: Model, op: Op): void {
  const plugin = (p: 'weave' | 'sample') => (p === 'weave' ? m.weave : m.sample)
  const pluginName = (p: 'weave' | 'sample') => (p === 'weave' ? 'weave2' : 'sample-volume-plugin')
  const pluginDoc = (p: 'weave' | 'sample') => (p === 'weave' ? weaveDoc(m.weave) : sampleDoc(m.sample))
  switch (op.op) {
    case 'addNode':
      if (m.nodes.has(op.name)) return
      m.nodes.set(op.name, { role: op.role, availability: 'active', zone: op.zone })
      writeDocs(dir, [nodeDoc(op.name, m.nodes.get(op.name) as NodeM)])
      return
    case 'removeNode':
      if (!m.nodes.has(op.name) || m.nodes.size === 1) return
      m.nodes.delete(op.name)
      removeDoc(dir, 'Node', op.name)
      return
    case 'availability': {
      const n = m.nodes.get(op.name)
      if (!n) return
      n.availability = op.value
      setSpec(dir, 'Node', op.name, { availability: op.value })
      return
    }
    case 'pluginNodes': {
      const p = plugin(op.plugin)
      p.nodes = op.nodes
      if (p.exists) setSpec(dir, 'Plugin', pluginName(op.plugin), { nodes: op.nodes })
      return
    }
    case 'pluginEnabled': {
      const p = plugin(op.plugin)
      p.enabled = op.enabled
      if (p.exists) setSpec(dir, 'Plugin', pluginName(op.plugin), { enabled: op.enabled })
      return
    }
    case 'pluginRemove': {
      const p = plugin(op.plugin)
      if (p.exists) removeDoc(dir, 'Plugin', pluginName(op.plugin))
      else writeDocs(dir, [pluginDoc(op.plugin)])
      p.exists = !p.exists
      return
    }
    case 'scale': {
      const s = m.services[op.service] as ServiceM
      s.replicas = op.replicas
      setSpec(dir, 'Service', s.name, { replicas: op.replicas })
      return
    }
    case 'constraints': {
      const s = m.services[op.service] as ServiceM
      s.constraints = op.constraints
      editDoc(dir, 'Service', s.name, (d) => {
        ;(d.spec as { placement: { constraints: string[] } }).placement.constraints = op.constraints
        return undefined
      })
      return
    }
    case 'volumeRemove':
      if (m.volume.exists) removeDoc(dir, 'Volume', 'vol')
      m.volume.exists = !m.volume.exists
      if (m.volume.exists) writeDocs(dir, [volumeDoc(m)])
      return
    case 'volumeNodes':
      m.volume.nodes = op.nodes
      if (m.volume.exists)
        editDoc(dir, 'Volume', 'vol', (d) => {
          const spec = d.spec as { nodes?: string[] }
          if (op.nodes) spec.nodes = op.nodes
          else delete spec.nodes
          return undefined
        })
      return
  }
}

// ---- the model's own judgement, written without the scheduler's code ----

const pluginOn = (m: Model, p: PluginM, name: string) =>
  p.exists && p.enabled && p.nodes.includes(name) && m.nodes.has(name)
const networkReady = (m: Model) =>
  [...m.nodes].some(([name, n]) => n.role === 'manager' && pluginOn(m, m.weave, name))
const volumeRequested = (m: Model) =>
  m.volume.nodes ? [...new Set(m.volume.nodes)] : [...m.nodes.keys()].filter((n) => pluginOn(m, m.sample, n))
const volumeOn = (m: Model, name: string) =>
  m.volume.exists && volumeRequested(m).includes(name) && pluginOn(m, m.sample, name)

function constraintsHold(s: ServiceM, n: NodeM): boolean {
  return s.constraints.every((c) => {
    const [key, value] = c.split(/==|!=/) as [string, string]
    const attr = key === 'node.role' ? n.role : n.zone
    return c.includes('==') === (attr.toLowerCase() === value.toLowerCase())
  })
}

/**
 * Whether a running task of `s` may stay on `name` (pause keeps tasks; drain does not). A
 * task keeps a volume whose manifest is gone, as it keeps a deleted secret: nothing is
 * known of its driver then, so only the rest is judged.
 */
function mayRun(m: Model, s: ServiceM, name: string): boolean {
  const n = m.nodes.get(name)
  if (!n || n.availability === 'drain') return false
  if (s.network && !(networkReady(m) && pluginOn(m, m.weave, name))) return false
  if (s.volume && m.volume.exists && !volumeOn(m, name)) return false
  return constraintsHold(s, n)
}
/**
 * A dependency berth reports as a blocker, so the service runs nowhere: its network is not
 * ready (no manager has the driver, Swarm's rule). A volume that exists on fewer nodes than
 * requested is no blocker: the volume filter narrows the nodes.
 */
const blocked = (m: Model, s: ServiceM) => s.network && !networkReady(m)
/** Its volume's manifest is gone: no new task may start, the running ones may stay. */
const waitsForVolume = (m: Model, s: ServiceM) => s.volume && !m.volume.exists

const running = (tasks: readonly TaskStatus[] | undefined) =>
  (tasks ?? []).filter((t) => t.desiredState === 'running' && t.state === 'running')

function checkInvariants(store: Store, m: Model): void {
  const ids = new Set<string>()
  for (const s of m.services) {
    const status = store.get('Service', s.name)?.status
    const run = running(status?.tasks)
    expect(status?.replicas?.running, `${s.name} running count`).toBe(run.length)
    expect(run.length, `${s.name}: running ≤ desired`).toBeLessThanOrEqual(s.replicas)
    const perNode = new Map<string, number>()
    for (const t of run) {
      expect(mayRun(m, s, t.node ?? ''), `${s.name} task ${t.name} on ${t.node} fails a filter`).toBe(true)
      perNode.set(t.node ?? '', (perNode.get(t.node ?? '') ?? 0) + 1)
    }
    if (s.maxPerNode)
      for (const [n, c] of perNode) expect(c, `${s.name} on ${n}`).toBeLessThanOrEqual(s.maxPerNode)
    if (blocked(m, s)) expect(run.length, `${s.name} is blocked`).toBe(0)
    for (const t of status?.tasks ?? []) {
      expect(t.id).toMatch(/^[0-9a-z]{25}$/)
      expect(ids.has(t.id), `task id ${t.id} repeats`).toBe(false)
      ids.add(t.id)
    }
  }
}

type Placed = Map<string, { service: string; node: string }>

function placed(store: Store, m: Model): Placed {
  const out: Placed = new Map()
  for (const s of m.services)
    for (const t of running(store.get('Service', s.name)?.status?.tasks))
      out.set(t.id, { service: s.name, node: t.node ?? '' })
  return out
}

const stats = { sequences: 0, steps: 0, kept: 0, moved: 0 }
afterAll(() => figure('scheduler-model', stats))

describe('scheduler model check', () => {
  test(
    'random operation sequences keep the invariants and the ids of tasks that need not move',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 3, maxLength: scaled(10, 25) }), async (ops) => {
          const m = initialModel()
          const dir = cluster(initialDocs(m))
          try {
            let store = (await converge(dir)).store
            checkInvariants(store, m)
            for (const op of ops) {
              const before = placed(store, m)
              const desiredBefore = new Map(m.services.map((s) => [s.name, s.replicas]))
              apply(dir, m, op)
              store = (await converge(dir)).store
              stats.steps++
              checkInvariants(store, m)
              const after = placed(store, m)
              for (const [id, now] of after) {
                const s = m.services.find((x) => x.name === now.service) as ServiceM
                if (waitsForVolume(m, s))
                  expect(before.has(id), `${s.name}: task ${id} started without its volume`).toBe(true)
              }
              for (const [id, was] of before) {
                const now = after.get(id)
                const s = m.services.find((x) => x.name === was.service) as ServiceM
                if (now) {
                  expect(now.node, `task ${id} moved without a reason (${JSON.stringify(op)})`).toBe(was.node)
                  stats.kept++
                  continue
                }
                stats.moved++
                const justified =
                  !mayRun(m, s, was.node) || blocked(m, s) || s.replicas < (desiredBefore.get(s.name) ?? 0)
                expect(
                  justified,
                  `task ${id} of ${s.name} on ${was.node} stopped without a reason after ${JSON.stringify(op)}`,
                ).toBe(true)
              }
            }
            stats.sequences++
          } finally {
            cleanup(dir)
          }
        }),
        { numRuns: scaled(16, 80), seed: seedFor(605), endOnFailure: true },
      )
    },
    scaled(60_000, 600_000),
  )
})
