/**
 * A set of strings as one string, members in order: equal sets give equal keys.
 * Worked out once per set object — the nodes of one build share their plugin
 * and volume sets (see `buildSchedNodes`), so grouping thousands of nodes by
 * what they hold reads each distinct set once.
 */
export function setKey(set: ReadonlySet<string>): string {
  let key = keys.get(set)
  if (key === undefined) {
    key = JSON.stringify([...set].sort())
    keys.set(set, key)
  }
  return key
}

// Weak: a key lives as long as its set. A set's members never change (`ReadonlySet`).
const keys = new WeakMap<ReadonlySet<string>, string>()
