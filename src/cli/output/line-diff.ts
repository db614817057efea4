/** One line of an edit script: kept (` `), removed (`-`) or added (`+`). */
export interface LineEdit {
  readonly op: ' ' | '-' | '+'
  readonly line: string
  /** Lines of the old text before this one (its 0-based index when kept or removed). */
  readonly a: number
  /** Lines of the new text before this one (its 0-based index when kept or added). */
  readonly b: number
}

/**
 * The shortest edit script from `a` to `b` (Myers' O(ND) algorithm, after
 * trimming the common prefix and suffix). Removals come before additions
 * within a changed run, as `diff -u` prints them.
 */
export function diffLines(a: readonly string[], b: readonly string[]): LineEdit[] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const middle = myers(a.slice(start, endA), b.slice(start, endB))
  const edits: LineEdit[] = []
  for (let i = 0; i < start; i++) edits.push({ op: ' ', line: a[i] ?? '', a: i, b: i })
  for (const e of middle) edits.push({ ...e, a: e.a + start, b: e.b + start })
  for (let i = 0; i < a.length - endA; i++)
    edits.push({ op: ' ', line: a[endA + i] ?? '', a: endA + i, b: endB + i })
  return edits
}

function myers(a: readonly string[], b: readonly string[]): LineEdit[] {
  const n = a.length
  const m = b.length
  const max = n + m
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  let found = max === 0
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice())
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) {
        found = true
        break
      }
    }
  }
  // Walk back through the saved frontiers to recover the path.
  const reversed: LineEdit[] = []
  let x = n
  let y = m
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] as Int32Array
    const k = x - y
    const down = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0))
    const prevK = down ? k + 1 : k - 1
    const prevX = vd[offset + prevK] ?? 0
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      x--
      y--
      reversed.push({ op: ' ', line: a[x] ?? '', a: x, b: y })
    }
    if (d === 0) break
    if (down) {
      y--
      reversed.push({ op: '+', line: b[y] ?? '', a: x, b: y })
    } else {
      x--
      reversed.push({ op: '-', line: a[x] ?? '', a: x, b: y })
    }
  }
  return reorderRuns(reversed.reverse())
}

/** Within each run of changes, removals first, then additions. */
function reorderRuns(edits: LineEdit[]): LineEdit[] {
  const out: LineEdit[] = []
  let run: LineEdit[] = []
  const flush = () => {
    const removed = run.filter((e) => e.op === '-')
    const added = run.filter((e) => e.op === '+')
    const a0 = run[0]?.a ?? 0
    const b0 = run[0]?.b ?? 0
    removed.forEach((e, i) => {
      out.push({ ...e, a: a0 + i, b: b0 })
    })
    added.forEach((e, i) => {
      out.push({ ...e, a: a0 + removed.length, b: b0 + i })
    })
    run = []
  }
  for (const e of edits) {
    if (e.op === ' ') {
      flush()
      out.push(e)
    } else run.push(e)
  }
  flush()
  return out
}
