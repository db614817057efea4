/**
 * The ranking queue of the scheduler: a binary min-heap of candidate
 * positions, ordered by the fewest tasks of the service (`mine`), then the
 * fewest tasks in all (`total`), then the position (candidates come sorted
 * by name, so the position breaks ties by name). The order is total, so the
 * heap always gives the one best candidate. Positions and ranks live in
 * typed arrays: the comparison reads numbers, with no call per step.
 */
export interface RankHeap {
  readonly size: number
  push(position: number): void
  pop(): number | undefined
}

/**
 * A heap of `members` ranked by `mine` and `total`, read at each comparison
 * (the caller raises a popped position's counts before pushing it back).
 * It never holds more positions than it started with.
 */
export function createRankHeap(members: ArrayLike<number>, mine: Int32Array, total: Int32Array): RankHeap {
  const items = new Int32Array(members.length)
  items.set(members)
  let size = items.length
  const less = (a: number, b: number) => {
    const ma = mine[a] as number
    const mb = mine[b] as number
    if (ma !== mb) return ma < mb
    const ta = total[a] as number
    const tb = total[b] as number
    return ta !== tb ? ta < tb : a < b
  }
  const down = (start: number) => {
    let i = start
    const item = items[i] as number
    for (;;) {
      const l = 2 * i + 1
      if (l >= size) break
      const r = l + 1
      let child = l
      if (r < size && less(items[r] as number, items[l] as number)) child = r
      if (!less(items[child] as number, item)) break
      items[i] = items[child] as number
      i = child
    }
    items[i] = item
  }
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i)
  return {
    get size() {
      return size
    },
    push(position) {
      if (size >= items.length) throw new Error('rank heap: more positions pushed than it was made with')
      let i = size++
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!less(position, items[parent] as number)) break
        items[i] = items[parent] as number
        i = parent
      }
      items[i] = position
    },
    pop() {
      if (size === 0) return undefined
      const top = items[0] as number
      size--
      if (size > 0) {
        items[0] = items[size] as number
        down(0)
      }
      return top
    },
  }
}
