import { describe, expect, test } from 'vitest'
import type { DaemonEvent, DaemonState, Effect, Policy } from '../../src/daemon/machine.js'
import { initialState, owesNothing, transition } from '../../src/daemon/machine.js'

const policy: Policy = {
  maxConflicts: 2,
  writeRetryMs: 100,
  writeRetryMaxMs: 350,
  maxFailedRounds: 3,
  roundRetryMs: 10,
  gitRetryMs: 50,
}

/** Runs `events` from `state`; the last state and every effect, in order. */
function run(events: readonly DaemonEvent[], state: DaemonState = initialState) {
  const effects: Effect[] = []
  for (const event of events) {
    const next = transition(state, event, policy)
    state = next.state
    effects.push(...next.effects)
  }
  return { state, effects }
}

const error = new Error('boom')
const idle = run([{ type: 'started' }]).state
const rounds = (effects: readonly Effect[]) => effects.flatMap((e) => (e.type === 'round' ? [e.work] : []))
const wrote = (part: Partial<Extract<DaemonEvent, { type: 'wrote' }>>): DaemonEvent => ({
  type: 'wrote',
  written: [],
  conflicts: [],
  failed: [],
  ...part,
})

describe('the daemon state machine', () => {
  test('no round starts while the first scan runs: what the watcher saw waits for it', () => {
    const { state, effects } = run([{ type: 'files', paths: ['a.yaml'] }, { type: 'next' }])
    expect(state.phase).toBe('starting')
    expect(effects).toEqual([])
    const after = run([{ type: 'started' }, { type: 'next' }], state)
    expect(rounds(after.effects)).toEqual([{ paths: new Set(['a.yaml']), rescan: false, reconcile: false }])
    expect(after.state.phase).toBe('working')
  })

  test('a round takes everything owed at once; nothing is owed while it runs', () => {
    const { state, effects } = run(
      [
        { type: 'files', paths: ['a.yaml', 'b.yaml'] },
        { type: 'files', paths: ['a.yaml'] },
        { type: 'rescan' },
        { type: 'reconcile' },
        { type: 'next' },
      ],
      idle,
    )
    expect(rounds(effects)).toEqual([{ paths: new Set(['a.yaml', 'b.yaml']), rescan: true, reconcile: true }])
    expect(owesNothing(state)).toBe(true)
    // A second `next` while working starts nothing: rounds run one at a time.
    expect(run([{ type: 'files', paths: ['c.yaml'] }, { type: 'next' }], state).effects).toEqual([])
  })

  test('with nothing owed there is no round, and stopping or a fatal state starts none', () => {
    expect(run([{ type: 'next' }], idle).effects).toEqual([])
    const stopping = run([{ type: 'stop' }, { type: 'files', paths: ['a.yaml'] }, { type: 'next' }], idle)
    expect(stopping.state.phase).toBe('stopping')
    expect(stopping.effects).toEqual([])
  })

  test('a file that keeps changing under the write is re-read at once, then after a capped, doubling pause', () => {
    let state = run([{ type: 'files', paths: ['a.yaml'] }, { type: 'next' }], idle).state
    const delays: number[] = []
    for (let i = 0; i < 6; i++) {
      const step = run([wrote({ conflicts: ['a.yaml'] }), { type: 'round-done' }], state)
      state = step.state
      const retry = step.effects.find((e) => e.type === 'retry-file')
      // Re-read at once: owed again, no timer.
      if (!retry) expect(state.owed.paths).toEqual(new Set(['a.yaml']))
      else {
        expect(retry).toMatchObject({ path: 'a.yaml', cause: { type: 'conflicts' } })
        delays.push(retry.delayMs)
      }
      state = run([{ type: 'next' }], state).state
    }
    // maxConflicts 2: attempts 3… pause 100, 200, then the 350 cap.
    expect(delays).toEqual([100, 200, 350, 350])
    // A write that lands forgets the count: the next conflict is re-read at once again.
    const landed = run([wrote({ written: ['a.yaml'] }), wrote({ conflicts: ['a.yaml'] })], state)
    expect(landed.effects).toEqual([])
    expect(landed.state.owed.paths).toEqual(new Set(['a.yaml']))
  })

  test('writes that met a git command’s index lock wait for git: never counted as conflicts, said once per lock', () => {
    const lock = '/repo/.git/index.lock'
    const gitLocks = new Map([
      ['a.yaml', lock],
      ['b.yaml', lock],
    ])
    const wait = { type: 'wait-for-git', lock, paths: ['a.yaml', 'b.yaml'], delayMs: 50 }
    // Far more times than maxConflicts (2): still waiting for git, never "keeps changing".
    let state = idle
    const effects: Effect[] = []
    for (let i = 0; i < 5; i++) {
      const step = run([wrote({ conflicts: ['a.yaml', 'b.yaml'], gitLocks })], state)
      state = step.state
      effects.push(...step.effects)
    }
    expect(effects).toEqual([
      { ...wait, announce: true },
      ...Array.from({ length: 4 }, () => ({ ...wait, announce: false })),
    ])
    // Not re-read at once (that would only meet the lock again): the timer brings the files back.
    expect(owesNothing(state)).toBe(true)
    expect(state.conflicts.size).toBe(0)
    // A round with nothing to write says nothing new; once writes land, a later lock is news again.
    state = run([wrote({})], state).state
    expect(run([wrote({ conflicts: ['a.yaml'], gitLocks })], state).effects).toMatchObject([
      { announce: false },
    ])
    state = run([wrote({ written: ['a.yaml', 'b.yaml'] })], state).state
    expect(run([wrote({ conflicts: ['a.yaml'], gitLocks })], state).effects).toMatchObject([
      { announce: true },
    ])
    // In the same round, a person's edit is still a conflict, re-read at once.
    const mixed = run([wrote({ conflicts: ['a.yaml', 'c.yaml'], gitLocks })], idle)
    expect(mixed.state.owed.paths).toEqual(new Set(['c.yaml']))
    expect(mixed.state.conflicts).toEqual(new Map([['c.yaml', 1]]))
  })

  test('a write the system refused is retried with backoff; a target berth never writes through is not', () => {
    const failure = { path: 'a.yaml', message: 'ENOSPC: no space left on device', kind: 'io' } as const
    const refused = {
      path: 'b.yaml',
      message: 'refusing to write through symlink b.yaml',
      kind: 'refused',
    } as const
    const { effects, state } = run(
      [wrote({ failed: [failure, refused] }), wrote({ failed: [failure] })],
      idle,
    )
    expect(effects).toEqual([
      {
        type: 'retry-file',
        path: 'a.yaml',
        delayMs: 100,
        cause: { type: 'write-failed', message: failure.message },
      },
      { type: 'write-refused', path: 'b.yaml', message: refused.message },
      {
        type: 'retry-file',
        path: 'a.yaml',
        delayMs: 200,
        cause: { type: 'write-failed', message: failure.message },
      },
    ])
    // Neither is owed now: the retry comes back through its timer, as a changed file.
    expect(owesNothing(state)).toBe(true)
    expect(run([wrote({ written: ['a.yaml'] })], state).state.writeFailures.size).toBe(0)
  })

  test('a failed round owes its work again with a rescan, retries with backoff, and gives up after the cap', () => {
    const work = { paths: new Set(['a.yaml']), rescan: false, reconcile: false }
    let state = run([{ type: 'files', paths: ['a.yaml'] }, { type: 'next' }], idle).state
    const retries: number[] = []
    let fatal: Effect | undefined
    for (let i = 0; i < 3; i++) {
      const step = run([{ type: 'round-failed', work, error }], state)
      state = step.state
      for (const e of step.effects) {
        if (e.type === 'retry-round') retries.push(e.delayMs)
        if (e.type === 'fatal') fatal = e
      }
      if (state.phase !== 'fatal') {
        expect(state.owed).toEqual({ paths: new Set(['a.yaml']), rescan: true, reconcile: false })
        state = run([{ type: 'next' }], state).state
      }
    }
    expect(retries).toEqual([10, 20])
    expect(fatal).toEqual({ type: 'fatal', rounds: 3, error })
    expect(state.phase).toBe('fatal')
    // Fatal is final: no round starts, and stop does not leave it.
    expect(run([{ type: 'stop' }, { type: 'next' }], state)).toMatchObject({
      state: { phase: 'fatal' },
      effects: [],
    })
  })

  test('only a round that did its work resets the count of failed rounds', () => {
    const work = { paths: new Set(['a.yaml']), rescan: false, reconcile: false }
    const failing = run(
      [{ type: 'files', paths: ['a.yaml'] }, { type: 'next' }, { type: 'round-failed', work, error }],
      idle,
    )
    expect(failing.state.failedRounds).toBe(1)
    // A `next` with nothing to do proves nothing.
    const nothing = run([{ type: 'next' }, { type: 'next' }], { ...failing.state, owed: initialState.owed })
    expect(nothing.state.failedRounds).toBe(1)
    expect(run([{ type: 'next' }, { type: 'round-done' }], failing.state).state).toMatchObject({
      phase: 'idle',
      failedRounds: 0,
    })
  })

  test('a stop during a round keeps the daemon stopping when the round ends', () => {
    const working = run([{ type: 'files', paths: ['a.yaml'] }, { type: 'next' }], idle).state
    expect(run([{ type: 'stop' }, { type: 'round-done' }], working).state.phase).toBe('stopping')
  })
})
