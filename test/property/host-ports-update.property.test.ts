import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { WrittenPortSpec } from '../../src/model/spec.js'
import type { Store } from '../../src/store/store.js'
import {
  cleanup,
  cluster,
  converge,
  editSpec,
  node,
  reconcileDir,
  service,
  statusOf,
} from '../support/cluster.js'

/**
 * Host ports changed on *running* services, so each change is a rolling update
 * that may pause halfway: tasks of the old and the new template run side by
 * side. The model knows only what each phase's spec publishes; a task holds
 * the ports of the phase whose spec its template digest first appeared under
 * (templates differ only in ports here, so a digest names one port set).
 */
interface Phase {
  /** Per service: replicas (0 = global) and host ports (tcp numbers). */
  readonly services: readonly { readonly replicas: number; readonly ports: readonly number[] }[]
}

const NAMES = ['alpha', 'beta', 'gamma']
const NODES = ['node1', 'node2', 'node3']
const phaseArb: fc.Arbitrary<Phase> = fc.record({
  services: fc.tuple(
    ...NAMES.map(() =>
      fc.record({
        replicas: fc.integer({ min: 0, max: 5 }),
        ports: fc.uniqueArray(fc.constantFrom(80, 443), { maxLength: 2 }),
      }),
    ),
  ),
})

const portSpecs = (ports: readonly number[]): WrittenPortSpec[] =>
  ports.map((p): WrittenPortSpec => ({ target: p, published: p, mode: 'host' }))
const keys = (ports: readonly number[]) => ports.map((p) => `${p}/tcp`).sort()

/**
 * Learns the digests that appeared under this phase's specs, then checks: no node runs
 * two running tasks holding the same host port (any services), and each running task's
 * line records exactly the ports its own template publishes.
 */
function check(store: Store, phase: Phase, learned: Map<string, string[]>): void {
  phase.services.forEach((s, i) => {
    const name = NAMES[i] as string
    for (const t of statusOf(store, 'Service', name)?.tasks ?? [])
      if (t.template && !learned.has(`${name} ${t.template}`))
        learned.set(`${name} ${t.template}`, keys(s.ports))
  })
  const holders = new Map<string, string[]>()
  for (const name of NAMES) {
    for (const t of statusOf(store, 'Service', name)?.tasks ?? []) {
      if (t.state !== 'running' || t.desiredState !== 'running' || !t.node) continue
      const ports = learned.get(`${name} ${t.template}`) ?? []
      expect([...(t.hostPorts ?? [])].sort(), `${t.name} records its template's ports`).toEqual(ports)
      for (const p of ports) {
        const at = `${t.node} ${p}`
        holders.set(at, [...(holders.get(at) ?? []), t.name])
      }
    }
  }
  for (const [at, tasks] of holders) expect(tasks, `host port ${at}`).toHaveLength(1)
}

describe('host ports through rolling updates', () => {
  test('ports added, removed and moved on running services: no node ever has two holders of a port', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(phaseArb, { minLength: 2, maxLength: 3 }), async (phases) => {
        const [first, ...rest] = phases as [Phase, ...Phase[]]
        const specOf = (s: Phase['services'][number]) => ({
          ...(s.replicas === 0 ? { mode: 'global' as const } : { replicas: s.replicas }),
          ...(s.ports.length > 0 ? { ports: portSpecs(s.ports) } : {}),
        })
        const dir = cluster([
          ...NODES.map((n) => node(n)),
          ...first.services.map((s, i) => service(NAMES[i] as string, specOf(s))),
        ])
        const learned = new Map<string, string[]>()
        try {
          check((await converge(dir)).store, first, learned)
          for (const phase of rest) {
            // Edit in place: the status stays, so every port change rolls running tasks.
            for (const [i, s] of phase.services.entries())
              editSpec(dir, 'Service', NAMES[i] as string, (spec) => {
                delete spec.mode
                delete spec.replicas
                delete spec.ports
                Object.assign(spec, specOf(s))
              })
            check((await converge(dir)).store, phase, learned)
          }
          const again = await reconcileDir(dir)
          expect(again.writes.map((w) => w.path)).toEqual([])
        } finally {
          cleanup(dir)
        }
      }),
      { numRuns: 30, seed: 4242, endOnFailure: true },
    )
  })
})
