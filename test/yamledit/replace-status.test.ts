import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { removeStatus, replaceStatus } from '../../src/yamledit/replace-status.js'

const head = 'apiVersion: berth.dev/v1\nkind: Volume\nmetadata:\n  name: v\n'

describe('replaceStatus', () => {
  test.each([
    ['a flow mapping', '{kind: Volume, spec: {}}\n', /flow mapping/],
    ['a scalar', 'just text\n', /not a mapping/],
    ['a sequence', '- a\n- b\n', /block-seq/],
    ['an empty document', '---\n# nothing\n', /not a mapping/],
    ['a file that does not parse', `${head}spec: [unclosed\n`, /does not parse/],
    ['a duplicate key', `${head}metadata: {}\n`, /does not parse/],
  ])('refuses %s', (_, text, message) => {
    expect(() => replaceStatus(text, 0, { a: 1 })).toThrow(message)
  })

  test('refuses a document index past the end', () => {
    expect(() => replaceStatus(head, 1, {})).toThrow(/document 1 does not exist/)
  })

  test.each([
    // The status lines go and nothing else: no blank line is left where they were.
    ['in the middle', `${head}status:\n  a: 1\n  b: [2]\nspec: {}\n`, `${head}spec: {}\n`],
    // A comment above the key is a person's; the old block's own comments are berth's.
    ['with comments', `${head}# why\nstatus: # eol\n  # inner\n  a: 1\n# end\n`, `${head}# why\n# end\n`],
    // At an unterminated file end the break before the status goes too: nothing is added.
    ['at a file end without newline', `${head}status:\n  a: 1`, head.slice(0, -1)],
    ['written as CRLF', 'kind: V\r\nstatus:\r\n  a: 1\r\nspec: {}\r\n', 'kind: V\r\nspec: {}\r\n'],
    ['absent', `${head}spec: {}\n`, `${head}spec: {}\n`],
  ])('removes a status %s', (_, text, expected) => {
    expect(replaceStatus(text, 0, undefined)).toBe(expected)
  })

  test('adds status before comments at the top-level column and after deeper ones', () => {
    const text = `${head}spec:\n  a: 1\n  # still spec\n\n# end of file\n`
    expect(replaceStatus(text, 0, { ok: true })).toBe(
      `${head}spec:\n  a: 1\n  # still spec\nstatus:\n  ok: true\n\n# end of file\n`,
    )
  })

  test('keeps a block scalar before the status intact, kept blank lines included', () => {
    const text = `${head}spec:\n  note: |+\n    keep\n\n\nstatus: {}\n`
    const out = replaceStatus(text, 0, 'done')
    expect(out).toBe(`${head}spec:\n  note: |+\n    keep\n\n\nstatus: done\n`)
    expect(parse(out).spec.note).toBe('keep\n\n\n')
  })

  test('writes multi-line strings double-quoted so nothing after them joins the value', () => {
    const out = replaceStatus(`${head}spec: {}\n\n# end\n`, 0, { message: 'line one\nline two\n' })
    expect(out).toContain('  message: "line one\\nline two\\n"\n')
    expect(parse(out).status.message).toBe('line one\nline two\n')
  })

  test.each([
    '2026-11-28T10:00:00Z',
    '2026-11-28',
    'yes',
    'No',
    'on',
    'OFF',
    'y',
    'n',
    '~',
    'null',
    'true',
    '1.0',
    '017',
    '0x1F',
    '1:20',
    '1_000',
    '.inf',
    '<<',
  ])('quotes %j so YAML 1.1 readers agree', (value) => {
    const out = replaceStatus(`${head}spec: {}\n`, 0, { [value]: value })
    expect(parse(out, { version: '1.1' }).status).toEqual({ [value]: value })
    expect(parse(out).status).toEqual({ [value]: value })
  })
})

describe('removeStatus', () => {
  test('removes every document status and leaves what it cannot write', () => {
    const text = [
      '\uFEFF%YAML 1.2\n---\nkind: A\nstatus: {a: 1}\n',
      '...\n# between\n---\n{kind: B, status: {b: 2}}\n',
      '---\nkind: C\nstatus:\n  c: 3\n# end',
    ].join('')
    expect(removeStatus(text)).toBe(
      '\uFEFF%YAML 1.2\n---\nkind: A\n...\n# between\n---\n{kind: B, status: {b: 2}}\n---\nkind: C\n# end',
    )
  })

  test('returns a file that does not parse unchanged', () => {
    const text = 'kind: A\nstatus: [\n'
    expect(removeStatus(text)).toBe(text)
  })
})

describe('block scalars own the line breaks after them', () => {
  test.each([
    // `|+` keeps the blank line that removing the status would leave right below it.
    ['remove below |+ before a blank line', `${head}note: |+\n  keep\nstatus: {}\n\nspec: {}\n`, undefined],
    // `|` keeps one final break: cutting the status at an unterminated end would take it.
    ['remove below | at an unterminated end', `${head}note: |\n  keep\nstatus: {}`, undefined],
    // Adding after a `|` that ends the file without a break would give it one.
    ['add after | at an unterminated end', `${head}note: |\n  keep`, { a: 1 }],
  ])('refuses to %s', (_, text, status) => {
    expect(() => replaceStatus(text, 0, status)).toThrow(/without changing the block scalar/)
  })

  test.each([
    ['|- strips its breaks', `${head}note: |-\n  keep`],
    ['a comment line ends the scalar', `${head}note: |\n  keep\n# end`],
    ['a final newline is there', `${head}note: |\n  keep\n`],
  ])('adds when %s', (_, text) => {
    const out = replaceStatus(text, 0, { a: 1 })
    expect(parse(out).note).toBe(parse(text).note)
  })
})
