import { describe, expect, test } from 'vitest'
import type { Kind } from '../../src/model/kinds.js'
import type { AnyResource } from '../../src/model/resource.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import type { AnyController, Outcome, ReconcileContext } from '../../src/runtime/controller.js'
import type { ManagerOptions, ReconcileEvent } from '../../src/runtime/manager.js'
import { createManager } from '../../src/runtime/manager.js'
import type { Change } from '../../src/store/store.js'
import { createStore } from '../../src/store/store.js'
import { createView } from '../../src/view/view.js'
import { resourceOf } from '../support/resources.js'

const registry = loadRegistry()

type Reconcile = (resource: AnyResource, view: ReturnType<typeof createView>) => Outcome<unknown>

/** A hand-written controller: `reconcile` returns a status; `watches` maps another kind's changes to names. */
function controller(
  kind: Kind,
  reconcile: Reconcile,
  watches: { kind: Kind; map: (name: string) => string[] }[] = [],
): AnyController {
  return {
    kind,
    watches: watches.map((w) => ({
      kind: w.kind,
      map: (change: Change) => w.map(change.key.split('/')[1] ?? ''),
    })),
    reconcile: (resource: AnyResource, ctx: ReconcileContext) => reconcile(resource, ctx.view),
  } as AnyController
}

/** A store holding the given resources, a view over it, a manual clock, and a manager. */
function setup(
  resources: AnyResource[],
  controllers: AnyController[],
  options: Partial<ManagerOptions> = {},
) {
  const store = createStore()
  for (const r of resources) store.put(r)
  const view = createView(store)
  let ms = 0
  const events: ReconcileEvent[] = []
  const slept: number[] = []
  const manager = createManager({
    store,
    view,
    controllers,
    registry,
    clock: { iso: () => '2024-01-02T03:04:05Z', ms: () => ms, wall: () => 1_700_000_000_000 + ms },
    sleep: async (delay) => {
      slept.push(delay)
      ms += delay
    },
    onReconcile: (e) => events.push(e),
    ...options,
  })
  return { store, manager, events, slept, advance: (d: number) => (ms += d) }
}

const plugin = (name: string) => resourceOf('Plugin', name, '{remote: tiborvass/sample-volume-plugin}')
const volume = (name: string, driver = 'local') => resourceOf('Volume', name, `{driver: ${driver}}`)
const generationStatus: Reconcile = (r) => ({ status: { observedGeneration: r.generation } })

describe('manager', () => {
  test('runs every key to a fixed point; a second pass over the same state changes nothing', async () => {
    const { store, manager } = setup([plugin('a'), plugin('b')], [controller('Plugin', generationStatus)])
    manager.enqueueAll()
    const first = await manager.runToFixedPoint()
    expect(first).toMatchObject({ reconciles: 2, failed: new Map(), stalled: [] })
    expect([...first.changed].sort()).toEqual(['Plugin/a', 'Plugin/b'])
    expect(store.get('Plugin', 'a')?.status).toEqual({ observedGeneration: 1 })

    manager.enqueueAll()
    const second = await manager.runToFixedPoint()
    expect(second.reconciles).toBe(2)
    expect(second.changed.size).toBe(0)
    manager.stop()
  })

  test('upstream kinds are reconciled first, whatever order they were queued in', async () => {
    const { manager, events } = setup(
      [volume('v'), plugin('p')],
      [controller('Volume', generationStatus), controller('Plugin', generationStatus)],
    )
    manager.enqueue('Volume/v')
    manager.enqueue('Plugin/p')
    await manager.runToFixedPoint()
    expect(events.map((e) => e.key)).toEqual(['Plugin/p', 'Volume/v'])
  })

  test("a watched kind's status change requeues the keys its map names", async () => {
    // A volume's status copies its driver plugin's: it must follow the plugin.
    const copyPlugin: Reconcile = (_, view) => ({
      status: { observedGeneration: view.get('Plugin', 'p')?.status?.observedGeneration ?? 0 },
    })
    let pluginGeneration = 1
    const { store, manager } = setup(
      [plugin('p'), volume('v')],
      [
        controller('Plugin', () => ({ status: { observedGeneration: pluginGeneration } })),
        controller('Volume', copyPlugin, [{ kind: 'Plugin', map: () => ['v'] }]),
      ],
    )
    manager.enqueueAll()
    await manager.runToFixedPoint()
    expect(store.get('Volume', 'v')?.status).toEqual({ observedGeneration: 1 })

    pluginGeneration = 7
    manager.enqueue('Plugin/p') // only the plugin is queued: the watch brings the volume
    const report = await manager.runToFixedPoint()
    expect([...report.changed].sort()).toEqual(['Plugin/p', 'Volume/v'])
    expect(store.get('Volume', 'v')?.status).toEqual({ observedGeneration: 7 })
  })

  test('a watch follows its resources as they go and come back; a name with no resource queues nothing', async () => {
    const copyPlugin: Reconcile = (_, view) => ({
      status: { observedGeneration: view.get('Plugin', 'p')?.status?.observedGeneration ?? 0 },
    })
    let pluginGeneration = 1
    const { store, manager, events } = setup(
      [plugin('p'), volume('v')],
      [
        controller('Plugin', () => ({ status: { observedGeneration: pluginGeneration } })),
        controller('Volume', copyPlugin, [{ kind: 'Plugin', map: () => ['v', 'never-made'] }]),
      ],
    )
    manager.enqueueAll()
    await manager.runToFixedPoint()
    expect(manager.queueDepth().Volume).toBe(0)

    store.remove('Volume', 'v')
    pluginGeneration = 2
    manager.enqueue('Plugin/p')
    expect((await manager.runToFixedPoint()).changed).toEqual(new Set(['Plugin/p']))

    store.put(volume('v', 'other')) // back, under the same name
    expect(manager.queueDepth().Volume).toBe(1)
    await manager.runToFixedPoint()
    expect(store.get('Volume', 'v')?.status).toEqual({ observedGeneration: 2 })
    pluginGeneration = 3
    manager.enqueue('Plugin/p')
    events.length = 0
    const report = await manager.runToFixedPoint()
    expect([...report.changed].sort()).toEqual(['Plugin/p', 'Volume/v'])
    expect(store.get('Volume', 'v')?.status).toEqual({ observedGeneration: 3 })
    expect(events.map((e) => e.key)).toEqual(['Plugin/p', 'Volume/v']) // never `Volume/never-made`
  })

  test('a controller that throws is retried with backoff, reported, and does not stop the others', async () => {
    const { store, manager, slept, events } = setup(
      [plugin('bad'), plugin('good')],
      [
        controller('Plugin', (r) => {
          if (r.name === 'bad') throw new Error('file busy')
          return { status: { observedGeneration: 1 } }
        }),
      ],
      { maxRetries: 3 },
    )
    manager.enqueueAll()
    const report = await manager.runToFixedPoint()
    expect(report.failed.get('Plugin/bad')?.message).toBe('file busy')
    expect(report.reconciles).toBe(5) // bad: 1 + 3 retries; good: 1
    expect(slept).toEqual([5, 10, 20])
    expect(store.get('Plugin', 'good')?.status).toEqual({ observedGeneration: 1 })
    expect(events.filter((e) => e.result === 'error')).toHaveLength(4)
  })

  test('a failure that clears on retry is not reported', async () => {
    let failures = 2
    const { manager } = setup(
      [plugin('p')],
      [
        controller('Plugin', () => {
          if (failures-- > 0) throw new Error('transient')
          return { status: { observedGeneration: 1 } }
        }),
      ],
    )
    manager.enqueueAll()
    const report = await manager.runToFixedPoint()
    expect(report.failed.size).toBe(0)
    expect([...report.changed]).toEqual(['Plugin/p'])
  })

  test('two keys that keep changing each other are stopped at the cap and reported as stalled', async () => {
    // Each status is one more than the other's: it never settles.
    const bump =
      (other: Kind, name: string): Reconcile =>
      (_, view) => ({
        status: {
          observedGeneration: ((view.get(other, name)?.status?.observedGeneration as number) ?? 0) + 1,
        },
      })
    const { manager } = setup(
      [plugin('p'), volume('v')],
      [
        controller('Plugin', bump('Volume', 'v'), [{ kind: 'Volume', map: () => ['p'] }]),
        controller('Volume', bump('Plugin', 'p'), [{ kind: 'Plugin', map: () => ['v'] }]),
      ],
      { maxReconcilesPerKey: 10 },
    )
    manager.enqueueAll()
    const report = await manager.runToFixedPoint()
    // Each ran 10 times; the one whose turn came next is the one stopped.
    expect(report.reconciles).toBe(20)
    expect(report.stalled).toEqual(['Plugin/p'])
    expect(report.failed.size).toBe(0)
  })

  test('requeueAfter is left to the caller: the pass ends, nextDelay says when to look again', async () => {
    let calls = 0
    const { manager, advance, slept } = setup(
      [plugin('p')],
      [controller('Plugin', () => ({ status: { observedGeneration: ++calls }, requeueAfterMs: 1000 }))],
    )
    manager.enqueueAll()
    await manager.runToFixedPoint()
    expect(calls).toBe(1)
    expect(slept).toEqual([])
    expect(manager.nextDelay()).toBe(1000)
    expect(manager.queueDepth()).toMatchObject({ Plugin: 1, Volume: 0 })

    await manager.runToFixedPoint() // not due yet
    expect(calls).toBe(1)
    advance(1000)
    await manager.runToFixedPoint()
    expect(calls).toBe(2)
  })

  test('a held outcome is not applied and says why', async () => {
    const { store, manager } = setup([plugin('p')], [controller('Plugin', generationStatus)], {
      hold: () => 'file changed on disk',
    })
    manager.enqueueAll()
    const report = await manager.runToFixedPoint()
    expect(report.held.get('Plugin/p')).toBe('file changed on disk')
    expect(report.changed.size).toBe(0)
    expect(store.get('Plugin', 'p')?.status).toBeUndefined()
  })

  test('a spec change requeues its own key; a removed resource is not reconciled; stop unsubscribes', async () => {
    const { store, manager, events } = setup([plugin('p')], [controller('Plugin', generationStatus)])
    store.put(resourceOf('Plugin', 'p', '{remote: bboreham/weave2}'))
    await manager.runToFixedPoint()
    expect(events.map((e) => e.key)).toEqual(['Plugin/p'])
    manager.enqueue('Plugin/p')
    store.remove('Plugin', 'p')
    const gone = await manager.runToFixedPoint() // taken, found gone, nothing done
    expect(gone).toMatchObject({ reconciles: 1, failed: new Map() })
    expect(gone.changed.size).toBe(0)
    manager.stop()
    store.put(plugin('q'))
    expect((await manager.runToFixedPoint()).reconciles).toBe(0)
  })
})
