import { diffArrays } from 'diff'

const NO_NEWLINE = '\\ No newline at end of file'
/** Marks a last line without a newline so it never equals the same line with one. */
const MISSING_EOL = '\u0000'

/** One line of an edit script: kept (` `), removed (`-`) or added (`+`). */
interface LineEdit {
  readonly op: ' ' | '-' | '+'
  readonly line: string
  /** Lines of the old text before this one (its 0-based index when kept or removed). */
  readonly a: number
  /** Lines of the new text before this one (its 0-based index when kept or added). */
  readonly b: number
}

/**
 * `diff -u`'s output for one file: `--- a/PATH`, `+++ b/PATH`, then hunks
 * `@@ -l,c +l,c @@` with `context` lines around each change (3, as git
 * does); hunks whose context would touch are merged. Empty when the texts
 * are equal.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return ''
  const edits = diffLines(splitLines(before), splitLines(after))
  const changed = edits.flatMap((e, i) => (e.op === ' ' ? [] : [i]))
  const out = [`--- a/${path}`, `+++ b/${path}`]
  let g = 0
  while (g < changed.length) {
    let last = changed[g] as number
    let next = g + 1
    while (next < changed.length && (changed[next] as number) - last <= 2 * context + 1) {
      last = changed[next] as number
      next++
    }
    const from = Math.max(0, (changed[g] as number) - context)
    const to = Math.min(edits.length, last + context + 1)
    out.push(...hunk(edits.slice(from, to)))
    g = next
  }
  return `${out.join('\n')}\n`
}

/**
 * The shortest edit script from `a` to `b`: the common first and last lines
 * are kept as they are (as GNU diff does, so an ambiguous change is shown
 * where git shows it), the `diff` package's Myers diff does the middle, and
 * within each changed run the removals come before the additions.
 */
function diffLines(a: readonly string[], b: readonly string[]): LineEdit[] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let end = 0
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end])
    end++
  const edits: LineEdit[] = []
  for (let i = 0; i < start; i++) edits.push({ op: ' ', line: a[i] ?? '', a: i, b: i })
  let x = start
  let y = start
  let removed: string[] = []
  let added: string[] = []
  const flush = () => {
    for (const [i, line] of removed.entries())
      edits.push({ op: '-', line, a: x - removed.length + i, b: y - added.length })
    for (const [i, line] of added.entries()) edits.push({ op: '+', line, a: x, b: y - added.length + i })
    removed = []
    added = []
  }
  for (const change of diffArrays(a.slice(start, a.length - end), b.slice(start, b.length - end))) {
    if (change.removed) {
      removed.push(...change.value)
      x += change.count
    } else if (change.added) {
      added.push(...change.value)
      y += change.count
    } else {
      flush()
      for (const line of change.value) edits.push({ op: ' ', line, a: x++, b: y++ })
    }
  }
  flush()
  for (; x < a.length; x++, y++) edits.push({ op: ' ', line: a[x] ?? '', a: x, b: y })
  return edits
}

function hunk(edits: readonly LineEdit[]): string[] {
  const oldCount = edits.filter((e) => e.op !== '+').length
  const newCount = edits.filter((e) => e.op !== '-').length
  const first = edits[0]
  const oldStart = (first?.a ?? 0) + (oldCount > 0 ? 1 : 0)
  const newStart = (first?.b ?? 0) + (newCount > 0 ? 1 : 0)
  const lines = [`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`]
  for (const e of edits) {
    const missing = e.line.endsWith(MISSING_EOL)
    lines.push(`${e.op}${missing ? e.line.slice(0, -1) : e.line}`)
    if (missing) lines.push(NO_NEWLINE)
  }
  return lines
}

/** `l,c`, or just `l` when the count is 1, as GNU diff writes it. */
function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`
}

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  else lines[lines.length - 1] += MISSING_EOL
  return lines
}
