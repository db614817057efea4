/**
 * The ranking queue of the scheduler: a binary min-heap of candidate
 * positions, ordered by the fewest tasks of the service (`mine`), then the
 * fewest tasks in all (`total`), then the position (candidates come sorted
 * by name, so the position breaks ties by name). The order is total, so the
 * heap always gives the one best candidate. Positions and ranks live in
 * typed arrays: the comparison reads numbers, with no call per step.
 */
export interface RankHeap {
  /** The positions: the heap is the first `size`. */
  readonly items: Int32Array
  size: number
  readonly mine: Int32Array
  readonly total: Int32Array
}

/**
 * A heap of `members` ranked by `mine` and `total`, read at each comparison
 * (the caller raises a popped position's counts before pushing it back).
 * It never holds more positions than it started with. A record and functions
 * rather than closures: placing makes a heap per spread leaf (hundreds per
 * service with two spread levels), and a record costs no functions per heap.
 */
export function createRankHeap(members: ArrayLike<number>, mine: Int32Array, total: Int32Array): RankHeap {
  const items = new Int32Array(members.length)
  items.set(members)
  const heap: RankHeap = { items, size: items.length, mine, total }
  for (let i = (heap.size >> 1) - 1; i >= 0; i--) down(heap, i)
  return heap
}

/** Puts a position back (one popped before: the heap never grows past its start). */
export function pushRank(heap: RankHeap, position: number): void {
  const { items } = heap
  if (heap.size >= items.length) throw new Error('rank heap: more positions pushed than it was made with')
  let i = heap.size++
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!less(heap, position, items[parent] as number)) break
    items[i] = items[parent] as number
    i = parent
  }
  items[i] = position
}

/** Takes the best position out, or undefined when the heap is empty. */
export function popRank(heap: RankHeap): number | undefined {
  if (heap.size === 0) return undefined
  const { items } = heap
  const top = items[0] as number
  heap.size--
  if (heap.size > 0) {
    items[0] = items[heap.size] as number
    down(heap, 0)
  }
  return top
}

function less(heap: RankHeap, a: number, b: number): boolean {
  const ma = heap.mine[a] as number
  const mb = heap.mine[b] as number
  if (ma !== mb) return ma < mb
  const ta = heap.total[a] as number
  const tb = heap.total[b] as number
  return ta !== tb ? ta < tb : a < b
}

function down(heap: RankHeap, start: number): void {
  const { items, size } = heap
  let i = start
  const item = items[i] as number
  for (;;) {
    const l = 2 * i + 1
    if (l >= size) break
    const r = l + 1
    let child = l
    if (r < size && less(heap, items[r] as number, items[l] as number)) child = r
    if (!less(heap, items[child] as number, item)) break
    items[i] = items[child] as number
    i = child
  }
  items[i] = item
}
