import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { editedFile } from '../../src/load/edited-file.js'
import { loadFile } from '../../src/load/load-file.js'
import { createValidator } from '../../src/validate/validator.js'
import { foldStatus } from '../../src/yamledit/fold-status.js'
import { removeDocument } from '../../src/yamledit/remove-document.js'
import { replaceSpec } from '../../src/yamledit/replace-spec.js'
import { setIn } from '../../src/yamledit/set-in.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const validator = createValidator()

/** The shipped demo's files, as berth left them (statuses written). */
function demoFiles(): { name: string; text: string }[] {
  return readdirSync(path.join(root, 'manifests'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => {
      const file = path.join(e.parentPath, e.name)
      return { name: path.relative(root, file), text: readFileSync(file, 'utf8') }
    })
}

/** A file of several documents: statuses first, in the middle and last, CRLF in one variant. */
function mixedFile(crlf: boolean): string {
  const text = [
    '# three services',
    'apiVersion: berth.dev/v1',
    'kind: Service',
    'status:',
    '  replicas: {desired: 2, running: 0}',
    '  # berth keeps this note with the status',
    'metadata:',
    '  name: first',
    'spec:',
    '  image: busybox',
    '  replicas: 2',
    '---',
    'apiVersion: berth.dev/v1',
    'kind: Service',
    'metadata: {name: second, labels: {tier: web}}',
    'spec: {image: nginx, replicas: 1}',
    'status: {replicas: {desired: 1, running: 0}, observedGeneration: 1, specDigest: "sha256:0000000000000000"}',
    '---',
    'apiVersion: berth.dev/v1',
    'kind: Service',
    'metadata:',
    '  name: third',
    'spec:',
    '  image: redis',
    'status:',
    '  replicas: {desired: 1, running: 0}',
    '  tasks:',
    '    - {id: aaaaaaaaaaaaaaaaaaaaaaaaa, name: third.1, slot: 1, state: pending, desiredState: running}',
    '',
  ].join('\n')
  return crlf ? text.replaceAll('\n', '\r\n') : text
}

type Edit = { what: string; apply: (text: string) => string | undefined }

/** Edits the editing commands make, on each document of a file. */
function editsFor(documents: number): Edit[] {
  return Array.from({ length: documents }, (_, doc) => [
    { what: `scale document ${doc}`, apply: (t: string) => setIn(t, doc, ['spec', 'replicas'], 7) },
    {
      what: `apply a new spec and labels to document ${doc}`,
      apply: (t: string) => replaceSpec(t, doc, { image: 'alpine:3', replicas: 3 }, { app: 'x' }),
    },
    {
      what: `label document ${doc}`,
      apply: (t: string) => setIn(t, doc, ['metadata', 'labels', 'team'], 'x'),
    },
    { what: `remove document ${doc}`, apply: (t: string) => removeDocument(t, doc) },
  ]).flat()
}

describe('editedFile: a file edited with its statuses folded loads as if parsed whole', () => {
  const files = [
    ...demoFiles(),
    { name: 'mixed.yaml', text: mixedFile(false) },
    { name: 'mixed-crlf.yaml', text: mixedFile(true) },
  ]

  test.each(files)('$name', ({ name, text }) => {
    const before = loadFile(name, text, validator)
    expect(before.diagnostics).toEqual([])
    const folded = foldStatus(text)
    expect(folded, 'the demo and these files fold').toBeDefined()
    if (!folded) return
    let compared = 0
    for (const edit of editsFor(before.resources.length)) {
      if (before.resources[0]?.kind !== 'Service' && edit.what.startsWith('scale')) continue
      if (before.resources[0]?.kind !== 'Service' && edit.what.startsWith('apply')) continue
      const after = edit.apply(folded.text)
      if (after === undefined) continue
      const unfolded = folded.unfold(after)
      expect(unfolded, edit.what).toBeDefined()
      if (!unfolded) continue
      expect(unfolded.text, edit.what).toBe(edit.apply(text))
      const derived = editedFile(before, loadFile(name, after, validator), unfolded)
      expect(derived, edit.what).toEqual(loadFile(name, unfolded.text, validator))
      compared++
    }
    expect(compared).toBeGreaterThan(0)
  })

  test('a status that belongs to no resource of the file before, or a file with problems: no answer', () => {
    const text = mixedFile(false)
    const before = loadFile('m.yaml', text, validator)
    const folded = foldStatus(text)
    if (!folded) throw new Error('folds')
    const renamed = folded.text.replace('name: first', 'name: renamed')
    const unfolded = folded.unfold(renamed)
    if (!unfolded) throw new Error('unfolds')
    expect(editedFile(before, loadFile('m.yaml', renamed, validator), unfolded)).toBeUndefined()
    const broken = folded.text.replace('replicas: 2', 'replicas: two')
    const brokenBack = folded.unfold(broken)
    if (!brokenBack) throw new Error('unfolds')
    expect(editedFile(before, loadFile('m.yaml', broken, validator), brokenBack)).toBeUndefined()
  })
})
