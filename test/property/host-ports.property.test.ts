import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { WrittenPortSpec } from '../../src/model/spec.js'
import type { Store } from '../../src/store/store.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanup,
  cluster,
  converge,
  node,
  reconcileDir,
  service,
  statusOf,
  writeDocs,
} from '../support/cluster.js'

/** A service as the model sees it: how many tasks, which host ports (numbers, tcp). */
interface ServiceModel {
  readonly name: string
  readonly global: boolean
  readonly replicas: number
  readonly ports: readonly number[]
}
interface Model {
  readonly nodes: readonly { name: string; active: boolean }[]
  readonly services: readonly ServiceModel[]
}

const serviceArb = (name: string) =>
  fc.record({
    name: fc.constant(name),
    global: fc.boolean(),
    replicas: fc.integer({ min: 0, max: 5 }),
    ports: fc.uniqueArray(fc.constantFrom(80, 443), { maxLength: 2 }),
  })
const modelArb: fc.Arbitrary<Model> = fc.record({
  nodes: fc
    .array(fc.boolean(), { minLength: 1, maxLength: 4 })
    .map((flags) => flags.map((active, i) => ({ name: `node${i + 1}`, active }))),
  services: fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 })
    .chain((ids) => fc.tuple(...[...new Set(ids)].map((id) => serviceArb(`svc${id}`)))),
})

const toDocs = (model: Model): Doc[] => [
  ...model.nodes.map((n) => node(n.name, { availability: n.active ? 'active' : 'drain' })),
  ...model.services.map((s) =>
    service(s.name, {
      ...(s.global ? { mode: 'global' as const } : { replicas: s.replicas }),
      ports: s.ports.map((p): WrittenPortSpec => ({ target: p, published: p, mode: 'host' })),
    }),
  ),
]

/** Running tasks per node per service, from the statuses. */
function running(store: Store, model: Model): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>()
  for (const s of model.services) {
    const perNode = new Map<string, number>()
    for (const t of statusOf(store, 'Service', s.name)?.tasks ?? [])
      if (t.state === 'running' && t.node) perNode.set(t.node, (perNode.get(t.node) ?? 0) + 1)
    out.set(s.name, perNode)
  }
  return out
}

/**
 * Recomputed from the model alone: no node runs two tasks that publish the same host
 * port, and nothing waits for want of trying — a service short of tasks finds every
 * active node without its tasks already holding one of its ports.
 */
function expectHostPortsHonoured(store: Store, model: Model): void {
  const placed = running(store, model)
  const active = model.nodes.filter((n) => n.active).map((n) => n.name)
  const holders = new Map<string, string[]>()
  for (const s of model.services) {
    for (const [nodeName, count] of placed.get(s.name) ?? []) {
      expect(active, `${s.name} on ${nodeName}`).toContain(nodeName)
      if (s.ports.length > 0) expect(count, `${s.name} twice on ${nodeName}`).toBe(1)
      for (const p of s.ports)
        holders.set(`${nodeName}:${p}`, [...(holders.get(`${nodeName}:${p}`) ?? []), s.name])
    }
  }
  for (const [at, services] of holders) expect(services, `host port ${at}`).toHaveLength(1)
  for (const s of model.services) {
    const count = [...(placed.get(s.name) ?? new Map()).values()].reduce((a, b) => a + b, 0)
    const wanted = s.global ? active.length : s.replicas
    if (count >= wanted || s.ports.length === 0) continue
    for (const n of active) {
      const blocked = s.ports.some((p) => (holders.get(`${n}:${p}`) ?? []).length > 0)
      expect(blocked, `${s.name} waits although ${n} is free`).toBe(true)
    }
  }
}

describe('host-mode ports over random clusters', () => {
  test('from scratch, then after random port and scale edits: no clash, no needless wait, converged', async () => {
    await fc.assert(
      fc.asyncProperty(modelArb, modelArb, async (first, second) => {
        const dir = cluster(toDocs(first))
        try {
          const one = await converge(dir)
          expectHostPortsHonoured(one.store, first)
          // The same nodes, the second model's services: some edited, some new.
          const next: Model = { nodes: first.nodes, services: second.services }
          writeDocs(
            dir,
            toDocs(next).filter((d) => d.kind === 'Service'),
          )
          const merged: Model = {
            nodes: first.nodes,
            services: [
              ...first.services.filter((s) => !next.services.some((t) => t.name === s.name)),
              ...next.services,
            ],
          }
          const two = await converge(dir)
          expectHostPortsHonoured(two.store, merged)
          const again = await reconcileDir(dir)
          expect(again.writes.map((w) => w.path)).toEqual([])
        } finally {
          cleanup(dir)
        }
      }),
      { numRuns: 40, seed: 1729, endOnFailure: true },
    )
  })
})
