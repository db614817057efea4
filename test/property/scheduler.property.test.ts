import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { commitWrites } from '../../src/engine/commit-writes.js'
import type { Store } from '../../src/store/store.js'
import {
  allStatuses,
  cleanup,
  cluster,
  converge,
  editDoc,
  reconcileDir,
  statusOf,
} from '../support/cluster.js'
import type { ClusterModel, NodeModel } from './model.js'
import { capacityFor, clusterArb, staticFit, toDocs } from './model.js'

const params = (numRuns: number, seed: number) => ({ numRuns, seed, endOnFailure: true })

/** Running tasks per service per node, read from the statuses. */
function placements(store: Store, model: ClusterModel): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>()
  for (const s of model.services) {
    const perNode = new Map<string, number>()
    for (const t of statusOf(store, 'Service', s.name)?.tasks ?? []) {
      if (t.desiredState !== 'running' || t.state !== 'running') continue
      expect(t.node).toBeDefined()
      perNode.set(t.node ?? '', (perNode.get(t.node ?? '') ?? 0) + 1)
    }
    out.set(s.name, perNode)
  }
  return out
}

/** No running task on a node that fails a filter for it, checked against the model alone. */
function expectValidPlacements(store: Store, model: ClusterModel): void {
  const nodes = new Map(model.nodes.map((n) => [n.name, n]))
  const used = new Map<string, number>()
  for (const [svc, perNode] of placements(store, model)) {
    const s = model.services.find((x) => x.name === svc)
    if (!s) throw new Error(svc)
    let running = 0
    for (const [name, count] of perNode) {
      const n = nodes.get(name)
      expect(n, `${svc} runs on unknown node ${name}`).toBeDefined()
      expect(staticFit(model, s, n as NodeModel), `${svc} on ${name}`).toBe(true)
      if (s.maxPerNode > 0) expect(count).toBeLessThanOrEqual(s.maxPerNode)
      used.set(name, (used.get(name) ?? 0) + count * s.cpus)
      running += count
    }
    expect(statusOf(store, 'Service', svc)?.replicas).toEqual({ desired: s.replicas, running })
    expect(running).toBeLessThanOrEqual(s.replicas)
  }
  for (const [name, cpus] of used) {
    const cap = nodes.get(name)?.cpus
    if (cap !== undefined) expect(cpus).toBeLessThanOrEqual(cap + 1e-9)
  }
}

async function withCluster<T>(model: ClusterModel, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = cluster(toDocs(model))
  try {
    return await body(dir)
  } finally {
    cleanup(dir)
  }
}

describe('scheduler invariants over random clusters', () => {
  test('one service: running = min(desired, what filters and capacity allow); spread as even as the ranking makes it', async () => {
    await fc.assert(
      fc.asyncProperty(clusterArb({ min: 1, max: 1 }), (model) =>
        withCluster(model, async (dir) => {
          const { store } = await reconcileDir(dir)
          expectValidPlacements(store, model)
          const s = model.services[0]
          if (!s) return
          const eligible = model.nodes.filter((n) => staticFit(model, s, n))
          const room = eligible.reduce((sum, n) => sum + capacityFor(s, n), 0)
          const perNode = placements(store, model).get(s.name) ?? new Map<string, number>()
          const running = [...perNode.values()].reduce((a, b) => a + b, 0)
          expect(running).toBe(Math.min(s.replicas, room))
          // Identical eligible nodes (no reservations, no spread): counts differ by at most one.
          if (s.cpus === 0 && !s.spread && eligible.length > 0) {
            const counts = eligible.map((n) => perNode.get(n.name) ?? 0)
            expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
          }
          // Spread without caps: zone totals differ by at most one, and so do nodes within a zone.
          if (s.cpus === 0 && s.spread && s.maxPerNode === 0 && eligible.length > 0) {
            const zones = new Map<string, number[]>()
            for (const n of eligible)
              zones.set(n.zone ?? '', [...(zones.get(n.zone ?? '') ?? []), perNode.get(n.name) ?? 0])
            const totals = [...zones.values()].map((c) => c.reduce((a, b) => a + b, 0))
            expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(1)
            for (const c of zones.values()) expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1)
          }
        }),
      ),
      params(60, 20240501),
    )
  })

  test('several services: filters, caps and capacity hold; two runs agree; a converged tree stays put', async () => {
    await fc.assert(
      fc.asyncProperty(clusterArb({ min: 1, max: 4 }), (model) =>
        withCluster(model, async (dir) => {
          const first = await reconcileDir(dir)
          expectValidPlacements(first.store, model)
          const second = await reconcileDir(dir)
          expect(allStatuses(second.store)).toEqual(allStatuses(first.store))
          await commitWrites(dir, first.writes)
          const again = await reconcileDir(dir)
          expect(again.writes).toEqual([])
          expect(again.report?.changed.size).toBe(0)
          expect(allStatuses(again.store)).toEqual(allStatuses(first.store))
        }),
      ),
      params(40, 7),
    )
  })

  test('after random changes (drain, relabel, plugin moves) every running task still fits', async () => {
    const change = fc.record({
      drain: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }),
      relabel: fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom(undefined, 'a', 'b')), {
        maxLength: 2,
      }),
      weave: fc.option(fc.subarray(['n0', 'n1', 'n2', 'n3', 'n4', 'n5'])),
    })
    await fc.assert(
      fc.asyncProperty(clusterArb({ min: 1, max: 3 }), change, (model, ch) =>
        withCluster(model, async (dir) => {
          await converge(dir)
          const nodes = model.nodes.map((n) => ({ ...n }))
          for (const i of ch.drain) if (nodes[i]) (nodes[i] as NodeModel).availability = 'drain'
          for (const [i, zone] of ch.relabel) if (nodes[i]) (nodes[i] as NodeModel).zone = zone
          const names = new Set(nodes.map((n) => n.name))
          const next: ClusterModel = {
            ...model,
            nodes,
            weave: ch.weave ? ch.weave.filter((n) => names.has(n)) : model.weave,
          }
          for (const n of nodes) {
            editDoc(dir, 'Node', n.name, (d) => {
              ;(d.spec as { availability?: string }).availability = n.availability
              d.metadata.labels = n.zone ? { zone: n.zone } : {}
              return undefined
            })
          }
          editDoc(dir, 'Plugin', 'weave2', (d) => {
            ;(d.spec as { nodes?: string[] }).nodes = next.weave
            return undefined
          })
          const { store, writes } = await reconcileDir(dir)
          // Paused nodes never got a task in the first place, so "active" is required of every node here.
          expectValidPlacements(store, next)
          await commitWrites(dir, writes)
          expect((await reconcileDir(dir)).writes).toEqual([])
        }),
      ),
      params(30, 99),
    )
  })
})
