import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseDocument } from 'yaml'
import { readStatusLines } from '../../src/yamledit/read-status-lines.js'
import { renderStatus } from '../../src/yamledit/render-status.js'
import { statusValue } from './arbitrary-manifest.js'

const runs = { numRuns: Number(process.env.FC_RUNS ?? 300), seed: Number(process.env.FC_SEED ?? 20261201) }

/** What the `yaml` package reads from the lines, or undefined when it reports an error. */
function yamlReads(lines: string): { value: unknown } | undefined {
  const doc = parseDocument(lines)
  if (doc.errors.length > 0) return undefined
  const data = doc.toJS() as unknown
  if (typeof data !== 'object' || data === null || Object.keys(data).length !== 1) return undefined
  return { value: (data as { status?: unknown }).status }
}

describe('readStatusLines', () => {
  test('reads back what renderStatus writes, as yaml does, in every layout', () => {
    let read = 0
    fc.assert(
      fc.property(
        statusValue,
        fc.constantFrom(0, 2),
        fc.constantFrom(2, 4),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n' as const),
        (value, column, indent, indentSeq, newline) => {
          const lines = renderStatus(value, { column, style: { indent, indentSeq }, newline })
          const mine = readStatusLines(lines, column, newline)
          if (!mine) return
          read++
          expect(mine).toStrictEqual(yamlReads(lines))
        },
      ),
      runs,
    )
    // Every value renderStatus writes is in the grammar: the reader answers for all of them.
    expect(read).toBe(runs.numRuns)
  })

  // Lines made of the pieces YAML gives meaning to: whenever the reader answers, yaml must
  // read the same value without an error. It may refuse (undefined) as often as it likes.
  const words = [
    'a',
    'b',
    'node-1',
    '8',
    '-1',
    '0x1F',
    '1e3',
    '.5',
    'true',
    'True',
    'null',
    '~',
    'yes',
    '.inf',
  ]
  const quoted = ['"q"', '"a\\"b"', '"\\u00e9"', "'s'", 'a b', 'a:b', '"2026-12-01"']
  const piece = fc.constantFrom(
    ...words,
    ...quoted,
    ...['{', '}', '[', ']', ', ', ',', ': ', ':', '- ', '-', ' ', '  '],
    ...['#', ' # c', '&x ', '*x', '!!str ', '|', '>', '?', '@', '`', '%', '<<', '__proto__'],
  )
  const scalar = fc.constantFrom(
    ...words,
    ...quoted,
    ...['&x a', '*x', '!!str a', '<<', '__proto__', '-', '@a'],
  )
  const flow: fc.Arbitrary<string> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      scalar,
      fc.array(tie('value'), { maxLength: 3 }).map((v) => `[${v.join(', ')}]`),
      fc
        .array(fc.tuple(scalar, fc.constantFrom(': ', ':', ' : '), tie('value')), { maxLength: 3 })
        .map((v) => `{${v.map(([k, sep, x]) => k + sep + x).join(', ')}}`),
    ),
  })).value
  // Rows in the shape renderStatus writes, with a piece of YAML in each slot: `- `, `key:`, a value.
  const row = fc
    .tuple(
      fc.constantFrom(2, 2, 2, 4, 4, 0, 1, 3),
      fc.constantFrom('', '', '- ', '- ', '- - ', '-'),
      fc.option(fc.tuple(scalar, fc.constantFrom(': ', ': ', ':', ' :'))),
      fc.option(fc.oneof(flow, piece)),
    )
    .map(([n, dash, key, value]) => ' '.repeat(n) + dash + (key ? key.join('') : '') + (value ?? ''))
  const text = fc
    .tuple(
      fc.option(
        fc.oneof(
          flow,
          fc.array(piece, { maxLength: 4 }).map((p) => p.join('')),
        ),
      ),
      fc.array(row, { maxLength: 5 }),
    )
    .map(([head, rows]) => [`status:${head ? ` ${head}` : ''}`, ...rows].map((l) => `${l}\n`).join(''))

  test('never answers where yaml reads something else', () => {
    let answered = 0
    fc.assert(
      fc.property(text, (lines) => {
        const mine = readStatusLines(lines, 0, '\n')
        if (!mine) return
        answered++
        expect(mine).toStrictEqual(yamlReads(lines))
      }),
      { ...runs, numRuns: runs.numRuns * 10 },
    )
    // Not vacuous: a good share of the generated lines are in the grammar.
    expect(answered).toBeGreaterThan(runs.numRuns / 4)
  })

  test.each([
    [
      'a task per line',
      'status:\n  tasks:\n    - {id: t1, slot: 1, up: true}\n',
      { tasks: [{ id: 't1', slot: 1, up: true }] },
    ],
    [
      'a list at the key column',
      'status:\n  nodes:\n  - a\n  - b\n  ready: 2\n',
      { nodes: ['a', 'b'], ready: 2 },
    ],
    ['a compact entry', 'status:\n  - a: 1\n    b: [x, "y z"]\n', [{ a: 1, b: ['x', 'y z'] }]],
  ])('reads %s', (_, lines, value) => {
    expect(readStatusLines(lines, 0, '\n')).toStrictEqual({ value })
  })

  test.each([
    ['a comment', 'status:\n  a: 1 # one\n'],
    ['an anchor', 'status: &a {a: 1}\n'],
    ['a duplicate key', 'status:\n  a: 1\n  a: 2\n'],
    ['a second top-level key', 'status: {}\nspec: {}\n'],
    ['a flow mapping over two lines', 'status: {a: 1,\n  b: 2}\n'],
    ['a plain scalar continued on the next line', 'status:\n  a: one\n    two\n'],
    ['no final line break', 'status: {}'],
  ])('refuses %s', (_, lines) => {
    expect(readStatusLines(lines, 0, '\n')).toBeUndefined()
  })
})
