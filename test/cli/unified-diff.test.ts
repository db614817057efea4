import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { unifiedDiff } from '../../src/cli/output/unified-diff.js'

/** Applies a unified diff to `before`, checking every context and removed line (a strict `patch`). */
function applyPatch(before: string, diff: string): string {
  const old = before === '' ? [] : before.replace(/\n$/, '').split('\n')
  const out: string[] = []
  let at = 0
  const lines = diff.replace(/\n$/, '').split('\n').slice(2)
  for (let i = 0; i < lines.length; i++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(lines[i] ?? '')
    if (header) {
      const start = Number(header[1]) - (header[2] === '0' ? 0 : 1)
      while (at < start) out.push(old[at++] ?? '')
      continue
    }
    const line = lines[i] ?? ''
    if (line.startsWith('\\')) continue
    if (line.startsWith('+')) out.push(line.slice(1))
    else {
      if (old[at] !== line.slice(1)) throw new Error(`context mismatch at ${at}: ${line}`)
      if (line.startsWith(' ')) out.push(line.slice(1))
      at++
    }
  }
  while (at < old.length) out.push(old[at++] ?? '')
  return out.length === 0 ? '' : `${out.join('\n')}\n`
}

describe('unifiedDiff', () => {
  test('equal texts: no output', () => {
    expect(unifiedDiff('f', 'a\n', 'a\n')).toBe('')
  })

  test("one change in the middle: git's shape with 3 lines of context", () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n') + '\n'
    const after = before.replace('5\n', 'five\n')
    expect(unifiedDiff('a.yaml', before, after)).toBe(
      [
        '--- a/a.yaml',
        '+++ b/a.yaml',
        '@@ -2,7 +2,7 @@',
        ' 2',
        ' 3',
        ' 4',
        '-5',
        '+five',
        ' 6',
        ' 7',
        ' 8',
        '',
      ].join('\n'),
    )
  })

  test('distant changes make separate hunks; near ones merge', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i + 1}`)
    const before = `${lines.join('\n')}\n`
    const far = before.replace('\n3\n', '\nthree\n').replace('\n25\n', '\ntwenty-five\n')
    expect(unifiedDiff('f', before, far).match(/^@@/gm)).toHaveLength(2)
    const near = before.replace('\n3\n', '\nthree\n').replace('\n9\n', '\nnine\n')
    expect(unifiedDiff('f', before, near).match(/^@@/gm)).toHaveLength(1)
  })

  test('appending to an empty file and a missing final newline', () => {
    expect(unifiedDiff('f', '', 'a\n')).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n')
    expect(unifiedDiff('f', 'a', 'a\n')).toBe(
      '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n',
    )
  })

  test('an ambiguous change is shown where git shows it: the common last lines stay context', () => {
    // Two shortest diffs exist; `diff -u` and git keep the last `a` and replace the first.
    expect(unifiedDiff('f', 'a\na\n', 'd\n  x: 1\na\n')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n-a\n+d\n+  x: 1\n a\n',
    )
  })

  test('applying the diff to the old text gives the new one', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', 'd', 'status:', '  x: 1'), { maxLength: 40 })
      .map((ls) => (ls.length === 0 ? '' : `${ls.join('\n')}\n`))
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = unifiedDiff('f', before, after)
        expect(diff === '' ? before : applyPatch(before, diff)).toBe(after)
      }),
    )
  })
})
