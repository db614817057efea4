import { describe, expect, test } from 'vitest'
import { createRankHeap, popRank, pushRank } from '../../src/scheduler/heap.js'

/** A small seeded generator, so a failing case can be replayed. */
function numbers(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** The ranking by sorting: fewest of the service, fewest in all, then position. */
const ranked = (members: readonly number[], mine: Int32Array, total: Int32Array) =>
  [...members].sort((a, b) => (mine[a] ?? 0) - (mine[b] ?? 0) || (total[a] ?? 0) - (total[b] ?? 0) || a - b)

describe('rank heap', () => {
  test('pops positions in rank order: fewest tasks of the service, then in all, then position', () => {
    const mine = Int32Array.from([1, 0, 0, 2, 0])
    const total = Int32Array.from([0, 5, 3, 0, 3])
    const heap = createRankHeap([0, 1, 2, 3, 4], mine, total)
    const order: number[] = []
    for (let i = popRank(heap); i !== undefined; i = popRank(heap)) order.push(i)
    expect(order).toEqual([2, 4, 1, 0, 3])
    expect(heap.size).toBe(0)
  })

  test('placing like the scheduler (pop the best, raise its counts, push it back) follows a sort at every step', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = numbers(seed)
      const m = 1 + Math.floor(next() * 60)
      const mine = Int32Array.from({ length: m }, () => Math.floor(next() * 3))
      const total = Int32Array.from({ length: m }, () => Math.floor(next() * 8))
      const members = Array.from({ length: m }, (_, i) => i).filter(() => next() < 0.8)
      const heap = createRankHeap(members, mine, total)
      const waiting = new Set(members)
      for (let step = 0; step < 3 * m && waiting.size > 0; step++) {
        const best = ranked([...waiting], mine, total)[0]
        const i = popRank(heap)
        expect(i, `seed ${seed}, step ${step}`).toBe(best)
        if (i === undefined) break
        // A node that no longer fits leaves for good; one that got a task goes back.
        if (next() < 0.2) {
          waiting.delete(i)
          continue
        }
        mine[i] = (mine[i] ?? 0) + 1
        total[i] = (total[i] ?? 0) + 1
        pushRank(heap, i)
      }
    }
  })

  test('refuses more positions than it was made with', () => {
    const heap = createRankHeap([0], new Int32Array(1), new Int32Array(1))
    expect(() => pushRank(heap, 0)).toThrow(/more positions/)
  })
})
