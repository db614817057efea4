import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { foldStatus } from '../../src/yamledit/fold-status.js'
import { removeDocument } from '../../src/yamledit/remove-document.js'
import { replaceStatus } from '../../src/yamledit/replace-status.js'
import { setIn } from '../../src/yamledit/set-in.js'
import { manifestFile, statusValue } from './arbitrary-manifest.js'

const runs = { numRuns: Number(process.env.FC_RUNS ?? 300), seed: Number(process.env.FC_SEED ?? 20261201) }

type Edit = (text: string) => string | undefined

/** The edit on the whole text, or the error it throws. */
function outcome(edit: Edit, text: string): { text: string | undefined } | { error: string } {
  try {
    return { text: edit(text) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** The edit through the fold: undefined when the file does not fold or the markers do not come back. */
function throughFold(edit: Edit, text: string): { text: string | undefined } | { error: string } | undefined {
  const folded = foldStatus(text)
  if (!folded) return undefined
  const edited = outcome(edit, folded.text)
  if ('error' in edited || edited.text === undefined) return edited
  const back = folded.unfold(edited.text)
  return back && { text: back.text }
}

describe('foldStatus: editing a file with its statuses folded to one line each', () => {
  test('generated manifests: an edit through the fold gives the bytes the edit of the whole file gives', () => {
    let folded = 0
    const edits = fc.oneof(
      fc.record({ doc: fc.nat(), replicas: fc.integer({ min: 0, max: 100_000 }) }).map(
        ({ doc, replicas }) =>
          (documents: number): Edit =>
          (t) =>
            setIn(t, doc % documents, ['spec', 'replicas'], replicas),
      ),
      fc.record({ doc: fc.nat(), key: fc.constantFrom('image', 'new-key', 'nested') }).map(
        ({ doc, key }) =>
          (documents: number): Edit =>
          (t) =>
            setIn(t, doc % documents, [key === 'nested' ? 'metadata' : 'spec', key], { a: [1, 'two'] }),
      ),
      fc.nat().map(
        (doc) =>
          (documents: number): Edit =>
          (t) =>
            removeDocument(t, doc % documents),
      ),
    )
    fc.assert(
      fc.property(manifestFile, fc.nat(), statusValue, edits, ({ text, documents }, n, status, makeEdit) => {
        let withStatus = text
        try {
          withStatus = replaceStatus(text, n % documents, status)
        } catch {
          // A block scalar above the status: the writer refuses, the file stays as generated.
        }
        const edit = makeEdit(documents)
        for (const input of [text, withStatus]) {
          const via = throughFold(edit, input)
          if (via === undefined) continue
          folded++
          const whole = outcome(edit, input)
          if ('text' in via) expect(via).toEqual(whole)
          // A refusal (the YAML cannot take the edit) is a refusal either way.
          else expect(whole).toHaveProperty('error')
        }
      }),
      runs,
    )
    expect(folded).toBeGreaterThan(runs.numRuns / 20)
  })

  test('each status, with the comments indented under it, becomes one line and comes back byte for byte', () => {
    const text = [
      'kind: Service\r',
      'metadata: {name: a}\r',
      'status:\r',
      '  tasks:\r',
      '    - {id: x, name: a.1}\r',
      '  # a note that goes with the status\r',
      'spec: {replicas: 1}\r',
      '---\r',
      'kind: Node\r',
      'metadata: {name: n}\r',
      'status: {state: ready}',
    ].join('\n')
    const folded = foldStatus(text)
    expect(folded?.text).toBe(
      [
        'kind: Service\r',
        'metadata: {name: a}\r',
        'status: {} # berth-folded-status-0\r',
        'spec: {replicas: 1}\r',
        '---\r',
        'kind: Node\r',
        'metadata: {name: n}\r',
        'status: {} # berth-folded-status-1',
      ].join('\n'),
    )
    const back = folded?.unfold(folded.text.replace('replicas: 1', 'replicas: 2'))
    expect(back?.text).toBe(text.replace('replicas: 1', 'replicas: 2'))
    // Lines below a folded status move down by the lines it had: line 4 of the folded text is line 7 of the file.
    expect(back?.fileLine(4)).toBe(7)
    expect(back?.fileLine(2)).toBe(2)
  })

  test('what it does not fold, and when the markers do not come back', () => {
    expect(foldStatus('kind: A\nspec: {}\n')).toBeUndefined()
    expect(foldStatus('spec: &a {x: 1}\nstatus: *a\n')).toBeUndefined()
    expect(foldStatus('spec: {note: berth-folded-status-0}\nstatus: {}\n')).toBeUndefined()
    const folded = foldStatus('a: 1\nstatus:\n  b: 2\n')
    expect(folded).toBeDefined()
    expect(folded?.unfold('a: 1\n')?.text).toBe('a: 1\n')
    const twice = `${folded?.text}---\n${folded?.text}`
    expect(folded?.unfold(twice)).toBeUndefined()
    expect(folded?.unfold('a: 1\nstatus: {}   # berth-folded-status-0\n')).toBeUndefined()
  })
})
