import fc from 'fast-check'
import { expect, test } from 'vitest'
import { removeSeqItem } from '../../src/yamledit/remove-seq-item.js'
import { setScalarIn } from '../../src/yamledit/set-in.js'
import { manifestFile } from './arbitrary-manifest.js'
import { allData, changedRegion, comments, nodeRange } from './byte-check.js'

const name = fc.stringMatching(/^node[0-9a-z]{1,3}$/)
const comment = fc.constantFrom('', '  # c', ' # a: b', ' #')

/** A document with `spec.nodes` (and maybe `spec.replicas`) in the styles people write. */
const specDoc = fc
  .record({
    nodes: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
    replicas: fc.option(fc.constantFrom('3', '"3"', "'3'", '0x3', '~'), { nil: undefined }),
    listStyle: fc.constantFrom('block', 'indentless', 'flow'),
    specStyle: fc.constantFrom('block', 'flow'),
    pad: fc.constantFrom('  ', '    '),
    itemComments: fc.array(comment, { minLength: 5, maxLength: 5 }),
    between: fc.boolean(),
    status: fc.boolean(),
  })
  .map((d) => {
    const { pad } = d
    if (d.specStyle === 'flow') {
      const replicas = d.replicas === undefined ? '' : `replicas: ${d.replicas}, `
      return [
        `spec: {${replicas}nodes: [${d.nodes.join(', ')}]}${d.itemComments[0]}`,
        ...(d.status ? ['status: {a: 1}'] : []),
      ]
    }
    const lines = ['# about the spec', `spec:${d.itemComments[4]}`]
    if (d.replicas !== undefined) lines.push(`${pad}replicas: ${d.replicas}${d.itemComments[3]}`)
    if (d.listStyle === 'flow') lines.push(`${pad}nodes: [${d.nodes.join(', ')}]${d.itemComments[0]}`)
    else {
      const itemPad = d.listStyle === 'block' ? pad + pad : pad
      lines.push(`${pad}nodes:`)
      d.nodes.forEach((n, i) => {
        if (d.between && i > 0) lines.push(`${itemPad}# before ${n}`)
        lines.push(`${itemPad}- ${n}${d.itemComments[i] ?? ''}`)
      })
    }
    if (d.status) lines.push('status:', `${pad}a: 1 # s`)
    return lines
  })

const file = fc
  .record({
    before: fc.boolean(),
    after: fc.boolean(),
    doc: specDoc,
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map((f) => {
    const docs = [
      ...(f.before ? [['x: &a 1', 'y: *a # other']] : []),
      ['kind: Plugin', ...f.doc],
      ...(f.after ? [['z: [1, 2]']] : []),
    ]
    const nl = f.crlf ? '\r\n' : '\n'
    const text = docs.map((d) => d.join(nl)).join(`${nl}---${nl}`) + (f.finalNewline ? nl : '')
    return { text: (f.bom ? '\uFEFF' : '') + text, doc: f.before ? 1 : 0 }
  })

const others = (data: unknown[], doc: number) => data.filter((_, i) => i !== doc)

test('setScalarIn changes only the value it sets, or only inserts', () => {
  fc.assert(
    fc.property(
      file,
      fc.oneof(fc.nat(), fc.constantFrom('yes', 'a: b', '# x', '')),
      ({ text, doc }, value) => {
        const after = setScalarIn(text, doc, ['spec', 'replicas'], value)
        const data = allData(after)
        expect(others(data, doc)).toEqual(others(allData(text), doc))
        expect((data[doc] as { spec: { replicas: unknown } }).spec.replicas).toEqual(value)
        const region = changedRegion(text, after)
        const range = nodeRange(text, doc, ['spec', 'replicas'])
        const old = allData(text)[doc] as { spec: Record<string, unknown> }
        if (after === text) expect(old.spec.replicas).toEqual(value)
        else if (range && 'replicas' in old.spec && old.spec.replicas !== null) {
          expect(region.start).toBeGreaterThanOrEqual(range.start)
          expect(region.beforeEnd).toBeLessThanOrEqual(range.end)
        } else if (!range) expect(region.beforeEnd).toBe(region.start)
        expect(comments(after)).toEqual(expect.arrayContaining(comments(text)))
        expect(after.endsWith('\n')).toBe(text.endsWith('\n'))
      },
    ),
    { numRuns: 300 },
  )
})

test('removeSeqItem removes one entry and keeps every comment but the one on its line', () => {
  fc.assert(
    fc.property(file, fc.nat(), ({ text, doc }, pick) => {
      const nodes = (allData(text)[doc] as { spec: { nodes: string[] } }).spec.nodes
      const node = nodes[pick % nodes.length]!
      const after = removeSeqItem(text, doc, ['spec', 'nodes'], node)
      const data = allData(after)
      expect(others(data, doc)).toEqual(others(allData(text), doc))
      expect((data[doc] as { spec: { nodes: string[] } }).spec.nodes).toEqual(nodes.filter((n) => n !== node))
      const removedLine =
        text
          .split(/\r?\n/)
          .find((l) => !l.trim().startsWith('#') && new RegExp(`(^|[-\\[, ])${node}([,\\] ]|$)`).test(l)) ??
        ''
      const kept = comments(text).filter((c) => !removedLine.includes(c) && !c.includes(node))
      expect(comments(after)).toEqual(expect.arrayContaining(kept))
      expect(after.endsWith('\n')).toBe(text.endsWith('\n'))
    }),
    { numRuns: 300 },
  )
})

test('on any manifest, setScalarIn either refuses with an error or keeps the other documents', () => {
  fc.assert(
    fc.property(manifestFile, fc.nat(), ({ text, documents }, pick) => {
      const doc = pick % documents
      let after: string
      try {
        after = setScalarIn(text, doc, ['spec', 'replicas'], 5)
      } catch (error) {
        expect(error).toBeInstanceOf(Error)
        return
      }
      const data = allData(after)
      expect(others(data, doc)).toEqual(others(allData(text), doc))
      expect((data[doc] as { spec: { replicas: number } }).spec.replicas).toBe(5)
    }),
    { numRuns: 300 },
  )
})
