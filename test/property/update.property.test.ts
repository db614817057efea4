import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { TaskStatus } from '../../src/model/status.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanup,
  cluster,
  converge,
  editSpec,
  network,
  node,
  reconcileDir,
  service,
  statusOf,
  weave2,
} from '../support/cluster.js'

/**
 * Rolling updates under random change, judged by a model that shares no
 * code with the updater: which node may run a task of which image, and how
 * much room each node has. Images `web:N` with N even use the weave network
 * (so a new image can need a plugin the old one did not); everything else
 * about a task is fixed, so the model knows what each task needs from its
 * image alone.
 */
interface NodeModel {
  name: string
  cpus: number | undefined
  drained: boolean
  weave: boolean
}
interface Model {
  nodes: NodeModel[]
  replicas: number
  version: number
  force: number
  cpus: number
  order: 'stop-first' | 'start-first'
  parallelism: number
  failureAction: 'pause' | 'continue' | 'rollback'
}
type Step =
  | { kind: 'image'; version: number }
  | { kind: 'scale'; replicas: number }
  | { kind: 'force' }
  | { kind: 'drain'; node: number; drained: boolean }
  | { kind: 'unplug'; node: number }

const usesNetwork = (image: string | undefined) => Number(image?.split(':')[1] ?? 0) % 2 === 0

/** May a task of `image` run on this node, in the model's terms? */
function mayRun(model: Model, nodeName: string | undefined, image: string | undefined): boolean {
  const n = model.nodes.find((x) => x.name === nodeName)
  return !!n && !n.drained && (!usesNetwork(image) || n.weave)
}

function docs(model: Model): Doc[] {
  const weaveNodes = model.nodes.filter((n) => n.weave).map((n) => n.name)
  return [
    ...model.nodes.map((n, i) =>
      node(n.name, {
        role: i === 0 ? 'manager' : 'worker',
        availability: n.drained ? 'drain' : 'active',
        ...(n.cpus !== undefined ? { resources: { cpus: n.cpus } } : {}),
      }),
    ),
    // The manager always keeps the plugin, so the network itself stays available.
    weave2([...new Set([model.nodes[0]?.name ?? 'n0', ...weaveNodes])]),
    network('weavenet', { driver: 'bboreham/weave2' }),
    service('web', spec(model)),
  ]
}

function spec(model: Model): Doc<'Service'>['spec'] {
  return {
    image: `web:${model.version}`,
    replicas: model.replicas,
    ...(model.version % 2 === 0 ? { networks: ['weavenet'] } : {}),
    ...(model.cpus > 0 ? { resources: { reservations: { cpus: model.cpus } } } : {}),
    ...(model.force > 0 ? { forceUpdate: model.force } : {}),
    updateConfig: {
      parallelism: model.parallelism,
      order: model.order,
      failureAction: model.failureAction,
    },
  }
}

/** Applies a step to the model (the manifests follow through `docs` / edits). */
function apply(model: Model, step: Step): Model {
  const nodes = model.nodes.map((n) => ({ ...n }))
  switch (step.kind) {
    case 'image':
      return { ...model, version: step.version }
    case 'scale':
      return { ...model, replicas: step.replicas }
    case 'force':
      return { ...model, force: model.force + 1 }
    case 'drain':
      if (nodes[step.node]) (nodes[step.node] as NodeModel).drained = step.drained
      return { ...model, nodes }
    case 'unplug':
      // The manager keeps the plugin (see `docs`): unplugging it is a no-op.
      if (step.node > 0 && nodes[step.node]) (nodes[step.node] as NodeModel).weave = false
      return { ...model, nodes }
  }
}

const modelArb: fc.Arbitrary<Model> = fc.record({
  nodes: fc
    .array(
      fc.record({
        cpus: fc.constantFrom(undefined, 1, 2, 3),
        weave: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((list) =>
      list.map((n, i) => ({ name: `n${i}`, cpus: n.cpus, drained: false, weave: i === 0 || n.weave })),
    ),
  replicas: fc.integer({ min: 1, max: 5 }),
  version: fc.constant(1),
  force: fc.constant(0),
  cpus: fc.constantFrom(0, 1),
  order: fc.constantFrom('stop-first', 'start-first'),
  parallelism: fc.integer({ min: 0, max: 2 }),
  failureAction: fc.constantFrom('pause', 'continue', 'rollback'),
})

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('image' as const), version: fc.integer({ min: 2, max: 5 }) }),
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('force' as const) }),
  fc.record({
    kind: fc.constant('drain' as const),
    node: fc.integer({ min: 0, max: 2 }),
    drained: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('unplug' as const), node: fc.integer({ min: 1, max: 2 }) }),
)

/** Writes the model's changes into the manifests as a person would: one spec at a time. */
function edit(dir: string, before: Model, after: Model): void {
  if (JSON.stringify(spec(before)) !== JSON.stringify(spec(after))) {
    editSpec(dir, 'Service', 'web', (s) => {
      for (const key of Object.keys(s)) delete (s as unknown as Record<string, unknown>)[key]
      Object.assign(s, spec(after))
    })
  }
  after.nodes.forEach((n, i) => {
    if (before.nodes[i]?.drained !== n.drained)
      editSpec(dir, 'Node', n.name, (s) => {
        s.availability = n.drained ? 'drain' : 'active'
      })
  })
  const plugged = (m: Model) => JSON.stringify(m.nodes.map((n) => n.weave))
  if (plugged(before) !== plugged(after)) {
    editSpec(dir, 'Plugin', 'weave2', (s) => {
      s.nodes = [...new Set(['n0', ...after.nodes.filter((n) => n.weave).map((n) => n.name)])]
    })
  }
}

const runningOf = (tasks: readonly TaskStatus[]) =>
  tasks.filter((t) => t.desiredState === 'running' && t.state === 'running')

describe('rolling updates under random change (model check)', () => {
  test('capacity holds, no slot goes dark for an unplaceable replacement, converged trees stay put', async () => {
    await fc.assert(
      fc.asyncProperty(
        modelArb,
        fc.array(stepArb, { minLength: 1, maxLength: 5 }),
        async (initial, steps) => {
          const dir = cluster(docs(initial))
          try {
            let model = initial
            let { store } = await converge(dir)
            for (const step of steps) {
              const before = runningOf(statusOf(store, 'Service', 'web')?.tasks ?? [])
              const next = apply(model, step)
              edit(dir, model, next)
              model = next
              ;({ store } = await converge(dir))
              const status = statusOf(store, 'Service', 'web')
              const after = runningOf(status?.tasks ?? [])

              // Every running task may run where it is, by the image it was made from.
              for (const t of after)
                expect(mayRun(model, t.node, t.image), `${t.name} ${t.image} on ${t.node}`).toBe(true)
              // Capacity: reservations on a node never exceed it.
              for (const n of model.nodes) {
                const here = after.filter((t) => t.node === n.name).length
                if (n.cpus !== undefined && model.cpus > 0)
                  expect(here * model.cpus).toBeLessThanOrEqual(n.cpus)
              }
              // One running task per slot at most.
              expect(new Set(after.map((t) => t.slot)).size).toBe(after.length)
              // No slot goes dark because an update could not place its replacement: every old
              // task that could keep running where it was still runs, or its slot has a successor.
              const stillValid = before.filter((t) => mayRun(model, t.node, t.image)).length
              expect(after.length).toBeGreaterThanOrEqual(Math.min(model.replicas, stillValid))
              // An update that completed left every task on the spec's image.
              if (status?.updateStatus?.state === 'completed')
                expect(after.every((t) => t.image === `web:${model.version}`)).toBe(true)

              // Converged: reconciling again writes nothing.
              const again = await reconcileDir(dir)
              expect(again.writes.map((w) => w.path)).toEqual([])
            }
          } finally {
            cleanup(dir)
          }
        },
      ),
      { numRuns: 30, seed: 1010, endOnFailure: true },
    )
  }, 240_000)
})
