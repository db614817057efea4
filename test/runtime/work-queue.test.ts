import { describe, expect, test } from 'vitest'
import { createWorkQueue } from '../../src/runtime/work-queue.js'

/** A queue on a clock the test moves by hand. */
function queueAt(options: { baseDelayMs?: number; maxDelayMs?: number } = {}) {
  let now = 1000
  const queue = createWorkQueue({ now: () => now, ...options })
  const drain = () => {
    const out: string[] = []
    for (let key = queue.next(); key !== undefined; key = queue.next()) out.push(key)
    return out
  }
  const advance = (ms: number) => {
    now += ms
  }
  return { queue, drain, advance }
}

describe('work queue', () => {
  test('a key waits at most once, in the order added', () => {
    const { queue, drain } = queueAt()
    for (const key of ['a', 'b', 'a', 'c', 'b']) queue.add(key)
    expect(queue.size).toBe(3)
    expect(drain()).toEqual(['a', 'b', 'c'])
    expect(queue.size).toBe(0)
    queue.add('a') // taken keys may come back
    expect(drain()).toEqual(['a'])
  })

  test('lower lanes go first; a key added again in a lower lane moves there, never up', () => {
    const { queue, drain } = queueAt()
    queue.add('node', 4)
    queue.add('service', 3)
    queue.add('plugin', 0)
    queue.add('service', 1) // moves down to lane 1
    queue.add('plugin', 5) // stays in lane 0
    expect(queue.size).toBe(3)
    expect(drain()).toEqual(['plugin', 'service', 'node'])
  })

  test('addAfter: the key is ready once its time has come, and nextDelay says when', () => {
    const { queue, drain, advance } = queueAt()
    queue.addAfter('later', 100)
    expect(queue.next()).toBeUndefined()
    expect(queue.nextDelay()).toBe(100)
    expect(queue.size).toBe(1)
    expect([...queue.keys()]).toEqual(['later'])
    advance(60)
    expect(queue.nextDelay()).toBe(40)
    expect(queue.next()).toBeUndefined()
    advance(40)
    expect(queue.nextDelay()).toBe(0)
    expect(drain()).toEqual(['later'])
    expect(queue.nextDelay()).toBeUndefined()
  })

  test('the earlier of two delays wins; adding a delayed key makes it ready now', () => {
    const { queue, drain, advance } = queueAt()
    queue.addAfter('k', 500)
    queue.addAfter('k', 50)
    queue.addAfter('k', 200)
    expect(queue.nextDelay()).toBe(50)
    advance(50)
    expect(drain()).toEqual(['k'])

    queue.addAfter('soon', 1000)
    queue.add('soon')
    expect(queue.nextDelay()).toBeUndefined()
    expect(drain()).toEqual(['soon'])
  })

  test('a key already waiting ignores addAfter: it runs now anyway', () => {
    const { queue, drain } = queueAt()
    queue.add('k')
    queue.addAfter('k', 100)
    expect(queue.size).toBe(1)
    expect(queue.nextDelay()).toBeUndefined()
    expect(drain()).toEqual(['k'])
  })

  test('retry backs off per key, doubling from the base delay up to the cap', () => {
    const { queue, drain, advance } = queueAt({ baseDelayMs: 5, maxDelayMs: 60 })
    const delays: number[] = []
    for (let i = 0; i < 6; i++) {
      const r = queue.retry('flaky')
      expect(r?.attempt).toBe(i + 1)
      delays.push(r?.delayMs ?? -1)
      advance(r?.delayMs ?? 0)
      expect(drain()).toEqual(['flaky'])
    }
    expect(delays).toEqual([5, 10, 20, 40, 60, 60])
    // Another key's failures are counted apart.
    expect(queue.retry('other')).toEqual({ delayMs: 5, attempt: 1 })
  })

  test('the retry is not ready before its delay', () => {
    const { queue, advance } = queueAt()
    queue.retry('k')
    queue.retry('k')
    expect(queue.next()).toBeUndefined()
    advance(4)
    expect(queue.next()).toBeUndefined()
    advance(1)
    expect(queue.next()).toBe('k')
  })

  test('past maxAttempts retry gives up and forgets the count; forget resets it after a success', () => {
    const { queue } = queueAt()
    expect(queue.retry('k', 2)?.attempt).toBe(1)
    expect(queue.retry('k', 2)?.attempt).toBe(2)
    expect(queue.retry('k', 2)).toBeUndefined()
    expect(queue.retry('k', 2)?.attempt).toBe(1) // counting starts over

    queue.retry('j')
    queue.retry('j')
    queue.forget('j')
    expect(queue.retry('j')).toEqual({ delayMs: 5, attempt: 1 })
  })

  test('keys lists ready and delayed keys once each', () => {
    const { queue } = queueAt()
    queue.add('a')
    queue.addAfter('b', 10)
    queue.add('c', 2)
    expect([...queue.keys()].sort()).toEqual(['a', 'b', 'c'])
    expect(queue.size).toBe(3)
  })
})
