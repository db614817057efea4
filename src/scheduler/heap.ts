/** A binary min-heap over a comparator; the ranking queue of the scheduler. */
export interface Heap<T> {
  readonly size: number
  push(item: T): void
  pop(): T | undefined
}

export function createHeap<T>(
  compare: (a: T, b: T) => number,
  initial: readonly T[] = [],
  options: { adopt?: boolean } = {},
): Heap<T> {
  // `adopt`: the caller hands the array over and will not touch it again; no copy.
  const items = options.adopt ? (initial as T[]) : [...initial]
  const less = (i: number, j: number) => compare(items[i] as T, items[j] as T) < 0
  const swap = (i: number, j: number) => {
    const t = items[i] as T
    items[i] = items[j] as T
    items[j] = t
  }
  const down = (start: number) => {
    let i = start
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < items.length && less(l, m)) m = l
      if (r < items.length && less(r, m)) m = r
      if (m === i) return
      swap(i, m)
      i = m
    }
  }
  for (let i = (items.length >> 1) - 1; i >= 0; i--) down(i)
  return {
    get size() {
      return items.length
    },
    push(item) {
      items.push(item)
      let i = items.length - 1
      while (i > 0) {
        const p = (i - 1) >> 1
        if (!less(i, p)) break
        swap(i, p)
        i = p
      }
    },
    pop() {
      if (items.length === 0) return undefined
      const top = items[0] as T
      const last = items.pop() as T
      if (items.length > 0) {
        items[0] = last
        down(0)
      }
      return top
    },
  }
}
