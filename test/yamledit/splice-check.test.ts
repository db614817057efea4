import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseStream } from '../../src/yamledit/parse-stream.js'
import { applySplices, type StatusSplice, statusSplices } from '../../src/yamledit/replace-status.js'
import { splicesProvenSafe } from '../../src/yamledit/splice-check.js'
import { verifyStatusSplices } from '../../src/yamledit/verify-splice.js'
import { manifestFile, statusValue } from './arbitrary-manifest.js'

const runs = { numRuns: Number(process.env.FC_RUNS ?? 200), seed: Number(process.env.FC_SEED ?? 20261201) }

/** The splice `replaceStatuses` would make for one document, and the text it gives. */
function planned(text: string, doc: number, status: unknown): { splice: StatusSplice; after: string } {
  const [splice] = statusSplices(text, parseStream(text), [{ doc, status }])
  if (!splice) throw new Error('no splice')
  return { splice, after: applySplices(text, [splice]) }
}

const before = [
  'apiVersion: berth.dev/v1',
  'kind: Service',
  'metadata:',
  '  name: web   # the front end',
  'status:',
  '  replicas: {desired: 1, running: 1}',
  '  tasks:',
  '    - {id: t1, state: running}',
  '# kept',
  'spec:',
  '  replicas: 2',
  '',
].join('\n')
const status = { replicas: { desired: 2, running: 2 }, tasks: [{ id: 't1', state: 'running' }, { id: 't2' }] }

describe('splicesProvenSafe', () => {
  test('proves the splice replaceStatuses makes, which the full check also accepts', () => {
    const { splice, after } = planned(before, 0, status)
    expect(splicesProvenSafe(before, after, [splice])).toBe(true)
    expect(() => verifyStatusSplices(before, after, [{ doc: 0, status }])).not.toThrow()
  })

  // Each case is a splice that would change the document other than by its status: the cheap
  // check must say so (false: parse in full), and the full check then refuses the write.
  test.each<
    [string, (s: StatusSplice, after: string) => { splice: StatusSplice; after: string; text?: string }]
  >([
    [
      'new lines that add a top-level key',
      (s, after) => {
        const lines = `${s.lines}kind: Other\n`
        return { splice: { ...s, lines }, after: after.replace(s.lines, lines) }
      },
    ],
    [
      'a splice that stops inside the old pair, so its last line continues the new value',
      (s, after) => {
        const end = before.indexOf('    - {id: t1')
        return {
          splice: { ...s, end },
          after: after.replace('# kept', '    - {id: t1, state: running}\n# kept'),
        }
      },
    ],
    [
      'a byte changed outside the status',
      (s, after) => ({ splice: s, after: after.replace('front end', 'front-end') }),
    ],
    [
      'new lines that read back as another value (a number for the string "2")',
      (s, after) => {
        const lines = 'status: 2\n'
        return { splice: { ...s, status: '2', lines }, after: after.replace(s.lines, lines) }
      },
    ],
  ])('rejects %s', (_, mutate) => {
    const made = planned(before, 0, status)
    const { splice, after } = mutate(made.splice, made.after)
    expect(splicesProvenSafe(before, after, [splice])).toBe(false)
    expect(() => verifyStatusSplices(before, after, [{ doc: 0, status: splice.status }])).toThrow()
  })

  test.each([
    // An alias after the status points into the old pair: taking it out breaks the alias.
    ['an anchor in the old pair', 'kind: A\nstatus: &s {a: 1}\nspec: {copy: *s}\n'],
    // `|+` keeps the line breaks below it: what follows it is part of its value.
    ['a block scalar right above', 'kind: A\nnote: |+\n  text\n\nstatus: {a: 1}\n'],
    ['no line break at the end of the file', 'kind: A\nstatus: {a: 1}'],
    // YAML 1.1 reads `yes` as true and `1:20` as 80: the reader knows only the 1.2 core schema.
    ['a %YAML 1.1 directive', '%YAML 1.1\n---\nkind: A\nstatus: {a: 1}\n'],
  ])('leaves the hard case of %s to the full check', (_, text) => {
    const { splice, after } = planned(text, 0, { a: 2 })
    expect(splicesProvenSafe(text, after, [splice])).toBe(false)
  })

  test('proves an old status in flow style over several lines replaced whole', () => {
    const text = 'kind: A\nstatus: {a: 1,\n  b: 2}\n# end\n'
    const { splice, after } = planned(text, 0, { a: 2 })
    expect(after).toBe('kind: A\nstatus:\n  a: 2\n# end\n')
    expect(splicesProvenSafe(text, after, [splice])).toBe(true)
  })

  test('leaves removals to the full check', () => {
    const [splice] = statusSplices(before, parseStream(before), [{ doc: 0, status: undefined }])
    expect(splicesProvenSafe(before, applySplices(before, [splice!]), [splice!])).toBe(false)
  })

  test('whenever it proves a splice, the full check accepts it; and it proves most', () => {
    let proven = 0
    let tried = 0
    fc.assert(
      fc.property(manifestFile, fc.nat(), statusValue, ({ text, documents }, n, value) => {
        const doc = n % documents
        let made: { splice: StatusSplice; after: string }
        try {
          made = planned(text, doc, value)
        } catch {
          return // a documented refusal (a block scalar owns the line breaks around the status)
        }
        tried++
        if (!splicesProvenSafe(text, made.after, [made.splice])) return
        proven++
        verifyStatusSplices(text, made.after, [{ doc, status: value }])
      }),
      runs,
    )
    // The generator writes files without a final newline, flow mappings and block scalars on
    // purpose; still, most splices must take the cheap path or it buys nothing.
    expect(proven).toBeGreaterThan(tried / 3)
  })
})
