import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { isMap, isScalar, parseAllDocuments } from 'yaml'
import { removeStatus, replaceStatus } from '../../src/yamledit/replace-status.js'
import { verifyStatusSplice } from '../../src/yamledit/verify-splice.js'
import { sampleStatus } from './status-sample.js'

// Golden corpus: each input in test/fixtures/golden gets `sampleStatus` written into one
// document; the result must equal golden/expected/<name> byte for byte.
// Regenerate the expected files with UPDATE_GOLDEN=1 (then read the diff).
const dir = fileURLToPath(new URL('../fixtures/golden/', import.meta.url))
const expectedDir = join(dir, 'expected')
const fixtures = readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
/** The document each fixture writes into, when not the first. */
const targets: Record<string, number> = { 'multi-doc-middle.yaml': 1 }

const read = (name: string) => readFileSync(join(dir, name), 'utf8')

test('the corpus has at least 18 manifests', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(18)
})

// Editors and git can normalise line endings and BOMs; these fixtures exist for their bytes.
test.each([
  ['crlf-bom.yaml', true, true, true],
  ['crlf-no-final-newline.yaml', true, false, false],
  ['bom-doc-start.yaml', false, true, true],
  ['no-final-newline.yaml', false, false, false],
])('%s kept its bytes (crlf %s, bom %s, final newline %s)', (name, crlf, bom, finalNewline) => {
  const text = read(name)
  expect(/(?<!\r)\n/.test(text)).toBe(!crlf)
  expect(text.startsWith('\uFEFF')).toBe(bom)
  expect(text.endsWith('\n')).toBe(finalNewline)
})

describe.each(fixtures)('%s', (name) => {
  const before = read(name)
  const doc = targets[name] ?? 0
  const after = replaceStatus(before, doc, sampleStatus)

  test('matches the golden output', () => {
    if (process.env.UPDATE_GOLDEN) writeFileSync(join(expectedDir, name), after)
    expect(after).toBe(readFileSync(join(expectedDir, name), 'utf8'))
  })

  test('changes no byte outside the status pair', () => {
    expect(removeStatus(after)).toBe(removeStatus(before))
    // Independent of our span logic: the bytes that differ lie inside the status pair the
    // Document API reports (in `after`, and in `before` when it had one). The start may be
    // a line break early: the one put before a status added at a file end without newline.
    const [start, end] = changedRegion(before, after)
    const pair = statusLines(after, doc)
    expect(pair && start >= pair.start - 2 && end.after <= pair.end).toBe(true)
    const old = statusLines(before, doc)
    if (old) expect(start >= old.start && end.before <= old.end).toBe(true)
    else expect(end.before).toBe(start)
  })

  test('reads the status back, also as YAML 1.1', () => {
    for (const version of ['1.2', '1.1'] as const) {
      const docs = parseAllDocuments(after, { version })
      expect(docs[doc]?.errors).toEqual([])
      expect(docs[doc]?.toJS().status).toEqual(sampleStatus)
    }
  })

  test('passes the write check', () => {
    expect(() => verifyStatusSplice(before, after, doc, sampleStatus)).not.toThrow()
  })

  test('keeps the line endings', () => {
    const crlf = before.includes('\r\n')
    expect(/(?<!\r)\n/.test(after)).toBe(!crlf)
    expect(after.endsWith('\n')).toBe(before.endsWith('\n'))
    expect(after.startsWith('\uFEFF')).toBe(before.startsWith('\uFEFF'))
  })

  test('writing the same status again changes nothing', () => {
    expect(replaceStatus(after, doc, sampleStatus)).toBe(after)
  })

  test('remove then add again is stable', () => {
    const removed = replaceStatus(after, doc, undefined)
    verifyStatusSplice(after, removed, doc, undefined)
    expect(parseAllDocuments(removed)[doc]?.toJS().status).toBeUndefined()
    const added = replaceStatus(removed, doc, sampleStatus)
    verifyStatusSplice(removed, added, doc, sampleStatus)
    expect(replaceStatus(added, doc, undefined)).toBe(removed)
    expect(replaceStatus(added, doc, sampleStatus)).toBe(added)
  })
})

/** Lengths of the common prefix and where the differing middle ends in each text. */
function changedRegion(before: string, after: string): [number, { before: number; after: number }] {
  let p = 0
  while (p < before.length && before[p] === after[p]) p++
  let q = 0
  const room = Math.min(before.length, after.length) - p
  while (q < room && before[before.length - 1 - q] === after[after.length - 1 - q]) q++
  return [p, { before: before.length - q, after: after.length - q }]
}

/**
 * The status pair's whole lines in `text` as the Document API sees them, plus the indented
 * comment lines right below (they belong to the block); undefined without a status pair.
 */
function statusLines(text: string, index: number): { start: number; end: number } | undefined {
  const contents = parseAllDocuments(text)[index]?.contents
  if (!isMap(contents)) throw new Error('target document is not a map')
  const pair = contents.items.find((item) => isScalar(item.key) && item.key.value === 'status')
  const key = pair && isScalar(pair.key) ? pair.key : undefined
  const valueEnd = (pair?.value as { range?: [number, number, number] } | null)?.range?.[2]
  if (!key?.range) return undefined
  const start = text.lastIndexOf('\n', key.range[0] - 1) + 1
  const lineEnd = (from: number) => {
    const nl = text.indexOf('\n', from)
    return nl === -1 ? text.length : nl + 1
  }
  let end = lineEnd(Math.max(key.range[1], valueEnd ?? 0) - 1)
  while (/^[ \t]+#/.test(text.slice(end, lineEnd(end)))) end = lineEnd(end)
  return { start, end }
}
