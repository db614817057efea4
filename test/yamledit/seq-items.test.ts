import { describe, expect, test } from 'vitest'
import { addSeqItem } from '../../src/yamledit/add-seq-item.js'
import { removeSeqItem } from '../../src/yamledit/remove-seq-item.js'
import { allData, comments } from './byte-check.js'
import { nastyInputs } from './nasty-inputs.js'

const NODES = ['spec', 'nodes'] as const

describe.each(nastyInputs)('$name', ({ text, doc }) => {
  const nodes = () => (allData(text)[doc] as { spec: { nodes: string[] } }).spec.nodes

  test.each(['node1', 'node2'])('remove %s', (node) => {
    const after = removeSeqItem(text, doc, NODES, node)
    const data = allData(after)
    expect(data.filter((_, i) => i !== doc)).toEqual(allData(text).filter((_, i) => i !== doc))
    expect((data[doc] as { spec: { nodes: string[] } }).spec.nodes).toEqual(nodes().filter((n) => n !== node))
    // Text was only taken away, and no comment but the one on the removed entry's line.
    const kept = comments(text).filter((c) => !lineOf(text, node).includes(c))
    expect(comments(after)).toEqual(expect.arrayContaining(kept))
    expect(after.endsWith('\n')).toBe(text.endsWith('\n'))
    expect(isSubsequence(after, text)).toBe(true)
  })

  test('add node9', () => {
    const after = addSeqItem(text, doc, NODES, 'node9')
    expect((allData(after)[doc] as { spec: { nodes: string[] } }).spec.nodes).toEqual([...nodes(), 'node9'])
    expect(isSubsequence(text, after)).toBe(true)
    expect(after.endsWith('\n')).toBe(text.endsWith('\n'))
  })
})

test.each([
  // Block: the entry's line goes, comment lines around it stay.
  ['n:\n  - a  # A\n  # about b\n  - b # B\n  - c\n', 'b', 'n:\n  - a  # A\n  # about b\n  - c\n'],
  ['n:\n  - a\n  - b', 'b', 'n:\n  - a'],
  ['n:\r\n- a\r\n- b\r\n', 'a', 'n:\r\n- b\r\n'],
  // Flow: the entry with one comma.
  ['n: [a, b, c]\n', 'a', 'n: [b, c]\n'],
  ['n: [a, b, c]\n', 'b', 'n: [a, c]\n'],
  ['n: [a, b, c] # x\n', 'c', 'n: [a, b] # x\n'],
  // The last entry leaves an empty list, never a null.
  ['n: [a]\n', 'a', 'n: []\n'],
  ['n:   # mine\n  - a  # A\nm: 1\n', 'a', 'n: []   # mine\nm: 1\n'],
])('remove from %j the entry %j', (text, value, expected) => {
  expect(removeSeqItem(text, 0, ['n'], value)).toBe(expected)
})

test.each([
  ['n:\n  - a  # A\nm: 1\n', 'n:\n  - a  # A\n  - b\nm: 1\n'],
  ['n:\n- a\n', 'n:\n- a\n- b\n'],
  ['n: [a]  # x\n', 'n: [a, b]  # x\n'],
  ['n: []\n', 'n: [b]\n'],
  ['m: 1\n', 'm: 1\n"n":\n  - b\n'],
])('add b to %j', (text, expected) => {
  expect(addSeqItem(text, 0, ['n'], 'b')).toBe(expected)
})

test('a missing entry or a non-list is refused', () => {
  expect(() => removeSeqItem('n: [a]\n', 0, ['n'], 'z')).toThrow(/no entry "z"/)
  expect(() => removeSeqItem('n: a\n', 0, ['n'], 'a')).toThrow(/not a list/)
  expect(() => addSeqItem('n: {a: 1}\n', 0, ['n'], 'a')).toThrow(/not a list/)
})

function lineOf(text: string, word: string): string {
  return text.split('\n').find((l) => new RegExp(`\\b${word}\\b`).test(l)) ?? ''
}

/** True when `short` is `long` with some characters taken out. */
function isSubsequence(short: string, long: string): boolean {
  let i = 0
  for (const ch of long) if (short[i] === ch) i++
  return i === short.length
}
