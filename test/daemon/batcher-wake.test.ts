import { expect, test } from 'vitest'
import type { Timers } from '../../src/daemon/batcher.js'
import { createBatcher } from '../../src/daemon/batcher.js'

/** Timers run by hand: `advance` fires what is due. */
function manualTimers(): Timers & { advance(ms: number): void } {
  let now = 0
  const due = new Map<number, { at: number; fn: () => void }>()
  let next = 0
  return {
    setTimeout(fn, ms) {
      due.set(++next, { at: now + ms, fn })
      return next
    },
    clearTimeout(handle) {
      due.delete(handle as number)
    },
    advance(ms) {
      now += ms
      for (const [id, t] of [...due].sort((a, b) => a[1].at - b[1].at))
        if (t.at <= now && due.delete(id)) t.fn()
    },
  }
}

test('a wake with no path flushes an empty batch once; paths that come meanwhile join it', () => {
  const timers = manualTimers()
  const batches: string[][] = []
  const batcher = createBatcher((paths) => batches.push(paths), { gapMs: 50, maxMs: 1000, timers })
  batcher.wake()
  timers.advance(60)
  expect(batches).toEqual([[]])
  batcher.wake()
  batcher.add('a.yaml')
  timers.advance(60)
  expect(batches).toEqual([[], ['a.yaml']])
  // Nothing added, nothing woken: no flush.
  timers.advance(2000)
  expect(batches).toHaveLength(2)
})

test('take clears a pending wake: the flush it would have made is the caller’s now', () => {
  const timers = manualTimers()
  const batches: string[][] = []
  const batcher = createBatcher((paths) => batches.push(paths), { timers })
  batcher.wake()
  expect(batcher.take()).toEqual([])
  timers.advance(2000)
  expect(batches).toEqual([])
})
