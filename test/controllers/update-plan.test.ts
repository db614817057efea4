import { describe, expect, test } from 'vitest'
import type { PlaceReplacement, UpdateInput } from '../../controllers/service/update-plan.js'
import { planUpdate } from '../../controllers/service/update-plan.js'
import { updateSettings } from '../../controllers/service/update-settings.js'
import type { WrittenUpdateConfig } from '../../src/model/spec.js'
import { withSpecDefaults } from '../../src/model/spec-defaults.js'
import type { TaskStatus, UpdateStatus } from '../../src/model/status.js'

/** A service's `updateConfig` as written, read as the loader reads it (the CRD's defaults applied). */
const settingsOf = (config: WrittenUpdateConfig) =>
  updateSettings(withSpecDefaults('Service', { image: 'web', updateConfig: config }).updateConfig)

const OLD = { image: 'web:1', template: 'aaaaaaaa' }
const NEW = { image: 'web:2', template: 'bbbbbbbb' }
const NOW = '2026-01-01T00:00:00Z'
const NOW_MS = Date.parse(NOW)

const running = (slot: number, node: string, stamp = OLD): TaskStatus => ({
  id: `t${slot}`.padEnd(25, '0'),
  name: `web.${slot}`,
  slot,
  node,
  state: 'running',
  desiredState: 'running',
  ...stamp,
})

/**
 * A narrow fake of the scheduler: nodes with room for `capacity` tasks each,
 * holding the given tasks; stop-first frees the old task's room first.
 */
function roomy(capacity: Record<string, number>, tasks: readonly TaskStatus[]): PlaceReplacement {
  const used = new Map<string, number>()
  for (const t of tasks) if (t.node) used.set(t.node, (used.get(t.node) ?? 0) + 1)
  return (old, order) => {
    const node = old.node as string
    if (order === 'stop-first') used.set(node, (used.get(node) ?? 0) - 1)
    const free = Object.keys(capacity)
      .sort()
      .find((n) => (used.get(n) ?? 0) < (capacity[n] ?? 0))
    if (!free) {
      if (order === 'stop-first') used.set(node, (used.get(node) ?? 0) + 1)
      return { reason: 'no suitable node (insufficient resources on 2 nodes)' }
    }
    used.set(free, (used.get(free) ?? 0) + 1)
    if (order === 'start-first') used.set(node, (used.get(node) ?? 0) - 1)
    return { node: free }
  }
}

function input(tasks: TaskStatus[], overrides: Partial<UpdateInput> = {}): UpdateInput {
  return {
    tasks,
    target: NEW,
    settings: settingsOf({}),
    rollback: false,
    recorded: undefined,
    fresh: true,
    now: NOW,
    nowMs: NOW_MS,
    place: roomy({ n1: 10, n2: 10 }, tasks),
    replacementId: (old) => `r${old.id}`.slice(0, 25),
    ...overrides,
  }
}

const current = (tasks: readonly TaskStatus[]) => tasks.filter((t) => t.desiredState === 'running')
const four = () => [running(1, 'n1'), running(2, 'n2'), running(3, 'n1'), running(4, 'n2')]

describe('planUpdate', () => {
  test('nothing outdated: no update status on a first deployment', () => {
    const tasks = [running(1, 'n1', NEW)]
    const step = planUpdate(input(tasks))
    expect(step.updateStatus).toBeUndefined()
    expect(step.done).toBe(true)
    expect(step.tasks).toEqual(tasks)
  })

  test('no delay: every batch at once; new ids, old tasks kept as history right after their slot', () => {
    const step = planUpdate(input(four(), { settings: settingsOf({ parallelism: 2 }) }))
    expect(step.replaced).toHaveLength(4)
    expect(step.updateStatus).toMatchObject({ state: 'completed', startedAt: NOW, completedAt: NOW })
    expect(step.updateStatus?.message).toBe('update completed')
    expect(step.tasks.map((t) => [t.name, t.desiredState, t.image])).toEqual([
      ['web.1', 'running', 'web:2'],
      ['web.1', 'shutdown', 'web:1'],
      ['web.2', 'running', 'web:2'],
      ['web.2', 'shutdown', 'web:1'],
      ['web.3', 'running', 'web:2'],
      ['web.3', 'shutdown', 'web:1'],
      ['web.4', 'running', 'web:2'],
      ['web.4', 'shutdown', 'web:1'],
    ])
    const ids = new Set(step.tasks.map((t) => t.id))
    expect(ids.size).toBe(8)
  })

  test('a delay: one batch of `parallelism`, then a requeue and the due time in the status', () => {
    const settings = settingsOf({ parallelism: 2, delay: '3s' })
    const first = planUpdate(input(four(), { settings }))
    expect(first.replaced.map((r) => r.old.name)).toEqual(['web.1', 'web.2'])
    expect(first.requeueAfterMs).toBe(3000)
    expect(first.updateStatus).toMatchObject({ state: 'updating', nextBatchAt: '2026-01-01T00:00:03.000Z' })

    // Reconciled again 1 s later (something else changed): nothing is due yet.
    const early = planUpdate(
      input(first.tasks, { settings, fresh: false, recorded: first.updateStatus, nowMs: NOW_MS + 1000 }),
    )
    expect(early.replaced).toEqual([])
    expect(early.requeueAfterMs).toBe(2000)

    const second = planUpdate(
      input(first.tasks, { settings, fresh: false, recorded: first.updateStatus, nowMs: NOW_MS + 3000 }),
    )
    expect(second.replaced.map((r) => r.old.name)).toEqual(['web.3', 'web.4'])
    expect(second.updateStatus).toMatchObject({ state: 'completed', startedAt: NOW })
    expect(second.updateStatus?.nextBatchAt).toBeUndefined()
  })

  test.each([
    [2, [0, 0, 1, 1]],
    [1, [0, 1, 2, 3]],
    [0, [0, 0, 0, 0]],
  ])('parallelism %i: the placer is told which batch each replacement belongs to', (parallelism, batches) => {
    const seen: number[] = []
    const place: PlaceReplacement = (_old, _order, batch) => {
      seen.push(batch)
      return { node: 'n1' }
    }
    planUpdate(input(four(), { place, settings: settingsOf({ parallelism }) }))
    expect(seen).toEqual(batches)
  })

  test('parallelism 0 replaces every slot in one batch', () => {
    const step = planUpdate(input(four(), { settings: settingsOf({ parallelism: 0, delay: '1m' }) }))
    expect(step.replaced).toHaveLength(4)
    expect(step.requeueAfterMs).toBeUndefined()
  })

  test('stop-first on full nodes frees the old task first; start-first finds no room and pauses', () => {
    const tasks = [running(1, 'n1'), running(2, 'n2')]
    const place = () => roomy({ n1: 1, n2: 1 }, tasks)
    const stop = planUpdate(input(tasks, { place: place() }))
    expect(stop.updateStatus?.state).toBe('completed')
    const start = planUpdate(input(tasks, { place: place(), settings: settingsOf({ order: 'start-first' }) }))
    expect(start.updateStatus?.state).toBe('paused')
    // Named by its slot, as `service ps` lists it: the old task keeps running under that name.
    expect(start.updateStatus?.message).toBe(
      'update paused due to failure or early termination of task web.1: no suitable node (insufficient resources on 2 nodes)',
    )
    // The old tasks keep running: nothing was shut down.
    expect(current(start.tasks).map((t) => t.image)).toEqual(['web:1', 'web:1'])
    expect(start.tasks).toHaveLength(2)
  })

  test('a paused update stays paused until a fresh start', () => {
    const paused: UpdateStatus = { state: 'paused', startedAt: NOW, message: 'update paused due to …' }
    const step = planUpdate(input(four(), { fresh: false, recorded: paused }))
    expect(step.replaced).toEqual([])
    expect(step.updateStatus).toBe(paused)
  })

  test('failureAction rollback asks for a rollback; a rollback never asks again', () => {
    const nowhere: PlaceReplacement = () => ({ reason: 'no suitable node (missing plugin on 2 nodes)' })
    const settings = settingsOf({ failureAction: 'rollback' })
    const step = planUpdate(input(four(), { place: nowhere, settings }))
    expect(step.rollbackNow).toBe(true)
    expect(step.updateStatus?.state).toBe('rollback_started')
    expect(step.updateStatus?.message).toMatch(
      /^update rolled back due to failure or early termination of task web\.1: no suitable node/,
    )
    const during = planUpdate(input(four(), { place: nowhere, settings, rollback: true }))
    expect(during.rollbackNow).toBeUndefined()
    expect(during.updateStatus?.state).toBe('rollback_started')
  })

  test('continue: a replacement that fits nowhere keeps its old task and the others go on', () => {
    let calls = 0
    const secondFails: PlaceReplacement = () => (++calls === 2 ? { reason: 'no room' } : { node: 'n1' })
    const settings = settingsOf({ failureAction: 'continue' })
    const step = planUpdate(input(four(), { place: secondFails, settings }))
    expect(current(step.tasks).map((t) => t.image)).toEqual(['web:2', 'web:1', 'web:2', 'web:2'])
    expect(step.updateStatus?.state).toBe('updating')
    expect(step.done).toBe(false)
  })

  test('maxFailureRatio tolerates failures up to the ratio', () => {
    let calls = 0
    const firstFails: PlaceReplacement = () => (++calls === 1 ? { reason: 'no room' } : { node: 'n2' })
    const step = planUpdate(
      input(four(), { place: firstFails, settings: settingsOf({ maxFailureRatio: 0.25 }) }),
    )
    expect(step.updateStatus?.state).toBe('updating')
    expect(step.replaced).toHaveLength(3)
  })

  test('rollback words: rollback_started then rollback_completed', () => {
    const step = planUpdate(input(four(), { rollback: true }))
    expect(step.updateStatus).toMatchObject({ state: 'rollback_completed', message: 'rollback completed' })
  })

  test('pending tasks are not replaced: only running tasks of an older template are', () => {
    const pending: TaskStatus = {
      id: 'p'.repeat(25),
      name: 'web.2',
      slot: 2,
      state: 'pending',
      desiredState: 'running',
      ...NEW,
    }
    const step = planUpdate(input([running(1, 'n1'), pending]))
    expect(step.replaced.map((r) => r.old.name)).toEqual(['web.1'])
  })

  describe('waitFor: something the tasks were given is gone', () => {
    const underWay: UpdateStatus = { state: 'updating', startedAt: NOW, message: 'update in progress' }
    const mid = () => [running(1, 'n1', NEW), running(2, 'n2'), running(3, 'n1'), running(4, 'n2')]
    const gone = 'secret db-password not found'
    const failing: PlaceReplacement = () => ({ reason: gone })

    test.each([
      ['pause', {}],
      ['rollback', { failureAction: 'rollback' }],
      ['continue', { failureAction: 'continue' }],
    ] as const)(
      'failureAction %s: nothing is replaced, nothing fails, the update says what it waits for',
      (_a, config) => {
        const tasks = mid()
        const step = planUpdate(
          input(tasks, {
            recorded: underWay,
            fresh: false,
            settings: settingsOf(config),
            place: failing,
            waitFor: gone,
          }),
        )
        expect(step.tasks).toEqual(tasks)
        expect(step.replaced).toEqual([])
        expect(step.rollbackNow).toBeUndefined()
        expect(step.done).toBe(false)
        expect(step.updateStatus).toEqual({
          ...underWay,
          message: `update in progress: replacements wait: ${gone}`,
        })
      },
    )

    test('a due batch stays due; back, the update goes on and stops naming what it waited for', () => {
      const due = { ...underWay, nextBatchAt: NOW }
      const waiting = planUpdate(input(mid(), { recorded: due, fresh: false, waitFor: gone }))
      expect(waiting.updateStatus?.nextBatchAt).toBe(NOW)
      expect(waiting.requeueAfterMs).toBeUndefined()
      const back = planUpdate(input(mid(), { recorded: waiting.updateStatus, fresh: false }))
      expect(current(back.tasks).map((t) => t.image)).toEqual(Array(4).fill('web:2'))
      expect(back.updateStatus).toMatchObject({ state: 'completed', message: 'update completed' })
    })

    test('a paused update stays paused, its message kept', () => {
      const paused: UpdateStatus = { ...underWay, state: 'paused', message: 'update paused due to x' }
      const step = planUpdate(input(mid(), { recorded: paused, fresh: false, waitFor: gone }))
      expect(step.updateStatus).toEqual(paused)
    })
  })

  test('a batch placed after a wait drops the wait from the message', () => {
    const settings = settingsOf({ parallelism: 1, delay: '10s' })
    const waited: UpdateStatus = {
      state: 'updating',
      startedAt: NOW,
      message: 'update in progress: task web.2 waits: no suitable node (insufficient resources on 2 nodes)',
    }
    const step = planUpdate(input(four(), { recorded: waited, fresh: false, settings }))
    expect(step.replaced).toHaveLength(1)
    expect(step.updateStatus?.message).toBe('update in progress')
  })
})
