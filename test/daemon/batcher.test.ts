import { describe, expect, test } from 'vitest'
import type { Timers } from '../../src/daemon/batcher.js'
import { createBatcher } from '../../src/daemon/batcher.js'

/** Timers on a clock the test moves by hand. */
function fakeTimers() {
  let now = 0
  let next = 0
  const pending = new Map<number, { at: number; fn: () => void }>()
  const timers: Timers = {
    setTimeout(fn, ms) {
      pending.set(++next, { at: now + ms, fn })
      return next
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  }
  const advance = (ms: number) => {
    const end = now + ms
    for (;;) {
      const due = [...pending].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      pending.delete(due[0])
      now = due[1].at
      due[1].fn()
    }
    now = end
  }
  return { timers, advance, waiting: () => pending.size }
}

function batcher(options: { gapMs?: number; maxMs?: number } = {}) {
  const clock = fakeTimers()
  const batches: string[][] = []
  const b = createBatcher((paths) => batches.push(paths), { ...options, timers: clock.timers })
  return { b, batches, ...clock }
}

describe('batcher', () => {
  test('a burst is one batch, handed over after a quiet gap, each path once', () => {
    const { b, batches, advance } = batcher({ gapMs: 50, maxMs: 1000 })
    b.add('a.yaml')
    advance(30)
    b.add('b.yaml')
    advance(30)
    b.add('a.yaml')
    advance(49)
    expect(batches).toEqual([])
    advance(1)
    expect(batches).toEqual([['a.yaml', 'b.yaml']])
    advance(1000)
    expect(batches).toHaveLength(1)
  })

  test('a burst that never pauses is cut at maxMs after its first event', () => {
    const { b, batches, advance } = batcher({ gapMs: 50, maxMs: 200 })
    for (let t = 0; t < 300; t += 20) {
      b.add(`f${t}.yaml`)
      advance(20)
    }
    expect(batches[0]).toHaveLength(10) // the events of the first 200 ms
    expect(batches[0]?.[0]).toBe('f0.yaml')
    advance(50)
    expect(batches.flat()).toHaveLength(15)
  })

  test('take hands over what waits at once, and the timers no longer fire', () => {
    const { b, batches, advance, waiting } = batcher()
    b.add('a.yaml')
    b.add('b.yaml')
    expect(b.take()).toEqual(['a.yaml', 'b.yaml'])
    expect(waiting()).toBe(0)
    advance(2000)
    expect(batches).toEqual([])
    expect(b.take()).toEqual([])
  })

  test('cancel stops the timers (on shutdown)', () => {
    const { b, batches, advance, waiting } = batcher()
    b.add('a.yaml')
    b.cancel()
    expect(waiting()).toBe(0)
    advance(2000)
    expect(batches).toEqual([])
  })
})
