/**
 * How many files berth's own reads and writes keep open at once. A tree of
 * thousands of files must load under an ordinary `ulimit -n 1024`, with room
 * left for the watcher, git and a write's temp file beside its target.
 */
const MAX_OPEN_FILES = 64

/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight; results
 * keep the order of `items`. A rejection rejects the whole, as `Promise.all` does.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  limit = MAX_OPEN_FILES,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
