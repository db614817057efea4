import { describe, expect, test } from 'vitest'
import { parseInterval } from '../../src/gitops/interval.js'
import { stripStatus } from '../../src/gitops/strip-status-bytes.js'
import { berthWithInput } from './git-fixture.js'

const doc = (name: string, nl = '\n') =>
  [
    `# ${name}: a comment kept`,
    'apiVersion: berth.dev/v1',
    'kind: Node',
    `metadata: {name: ${name}}   # trailing comment`,
    'spec:',
    '  role: worker',
    '',
    'status:',
    '  state: ready',
    '  tasks: 1',
    '',
  ].join(nl)

describe('berth strip-status, the clean filter', () => {
  test.each([
    // Each document loses its status and nothing else, comments and blank lines included.
    ['multi-document, LF', `${doc('a')}---\n${doc('b')}`, doc('a').replace(/status:[\s\S]*$/, '')],
    ['CRLF line ends', doc('a', '\r\n'), doc('a', '\r\n').replace(/status:[\s\S]*$/, '')],
  ])('%s: byte for byte, through the built CLI', async (_name, input, firstDoc) => {
    const result = await berthWithInput(['strip-status'], input)
    expect(result.code).toBe(0)
    const out = result.stdout.toString('utf8')
    expect(out.startsWith(firstDoc)).toBe(true)
    expect(out).not.toMatch(/status:/)
    expect(out).toBe((await stripStatus(Buffer.from(input))).toString('utf8'))
  })

  test('multi-document: the exact expected bytes', async () => {
    const input = `${doc('a')}---\n${doc('b')}`
    const expected = `${doc('a').replace('status:\n  state: ready\n  tasks: 1\n', '')}---\n${doc('b').replace('status:\n  state: ready\n  tasks: 1\n', '')}`
    expect((await stripStatus(Buffer.from(input))).toString('utf8')).toBe(expected)
  })

  test.each([
    ['not YAML at all', Buffer.from('{{{ [[ : : status: nope\n\t\t')],
    ['binary bytes', Buffer.from([0xff, 0xfe, 0x00, 0x73, 0x74, 0x61, 0x74, 0x75, 0x73, 0x3a, 0x0a, 0x80])],
    ['a manifest without status', Buffer.from(doc('a').replace(/status:[\s\S]*$/, ''))],
    ['empty input', Buffer.alloc(0)],
    ['a YAML list, not a mapping', Buffer.from('- status: 1\n- b\n')],
  ])('%s passes through unchanged with exit 0', async (_name, input) => {
    const result = await berthWithInput(['strip-status'], input)
    expect(result.code).toBe(0)
    expect(result.stdout.equals(input)).toBe(true)
  })
})

describe('--interval durations', () => {
  test.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
  ])('%s is %d ms', (text, ms) => {
    expect(parseInterval(text)).toBe(ms)
  })
  test.each(['', '30', 's', '0s', '-1s', '5 minutes', '1d'])('%j is refused', (text) => {
    expect(parseInterval(text)).toBeUndefined()
  })
})
