import { expect, test } from 'vitest'
import { removeDocument } from '../../src/yamledit/remove-document.js'

test.each([
  // The middle document with its `---`, the others byte for byte.
  ['a: 1\n---\nb: 2\n---\nc: 3\n', 1, 'a: 1\n---\nc: 3\n'],
  ['a: 1\n---\nb: 2\n---\nc: 3', 2, 'a: 1\n---\nb: 2\n'],
  // The first document: a file header comment stays, the next `---` goes.
  ['# header\na: 1 # one\n---\nb: 2 # two\n', 0, '# header\nb: 2 # two\n'],
  ['\uFEFF--- # first\na: 1\r\n--- # second\r\nb: 2\r\n', 0, '\uFEFF--- # second\r\nb: 2\r\n'],
  ['a: 1\n...\n---\nb: 2\n', 1, 'a: 1\n...\n'],
  ['a: &x 1\n---\nb: {c: d}\n', 0, 'b: {c: d}\n'],
  // A comment right after the next `---` belongs to that document: the marker stays with it.
  ['a: 1\n---\n# about b\nb: 2\n', 0, '---\n# about b\nb: 2\n'],
])('%j without document %i', (text, doc, expected) => {
  expect(removeDocument(text, doc)).toBe(expected)
})

test('the only document: undefined, so the caller deletes the file', () => {
  expect(removeDocument('# c\na: 1\n', 0)).toBeUndefined()
  expect(removeDocument('a: 1\n---\n# only a comment\n', 0)).toBeUndefined()
})

test('a file that does not parse is refused', () => {
  expect(() => removeDocument('a: [1\n---\nb: 2\n', 1)).toThrow(/does not parse/)
})
