import { expect, test } from 'vitest'
import { removeStatus, replaceStatus } from '../../src/yamledit/replace-status.js'
import { verifyStatusSplice } from '../../src/yamledit/verify-splice.js'

const before = '# a node\nkind: Node\nmetadata: {name: n1}   # first\nstatus:\n  old: 1\n---\nkind: Volume\n'
const status = { state: 'ready', conditions: [] }
const after = replaceStatus(before, 0, status)

test('accepts the splice replaceStatus made', () => {
  expect(() => verifyStatusSplice(before, after, 0, status)).not.toThrow()
  expect(removeStatus(after)).toBe(removeStatus(before))
})

test.each([
  ['a comment edit', after.replace('# first', '# 1st'), status, /outside the status/],
  ['another document edited', after.replace('Volume', 'Network'), status, /changed document 1/],
  ['a value that is not the status meant', after, { state: 'down', conditions: [] }, /does not read back/],
  ['a document added', `${after}---\nkind: X\n`, status, /document count/],
  ['a parse error', `${after}: :\n  - [\n`, status, /does not parse/],
  ['a spec change', after.replace('n1', 'n2'), status, /does not read back/],
])('throws on %s', (_, edited, meant, message) => {
  expect(() => verifyStatusSplice(before, edited, 0, meant)).toThrow(message)
})

test('treats undefined properties as absent, as stringify does', () => {
  const meant = { state: 'ready', reason: undefined }
  expect(() => verifyStatusSplice(before, replaceStatus(before, 0, meant), 0, meant)).not.toThrow()
})
