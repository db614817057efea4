import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { generateCluster, shapeForFiles } from '../../bench/generate.js'
import { locateStatus } from '../../src/yamledit/locate-status.js'
import { parseStream } from '../../src/yamledit/parse-stream.js'
import { replaceStatuses } from '../../src/yamledit/replace-statuses.js'
import { scanStatusSites } from '../../src/yamledit/scan-status-sites.js'
import { manifestFile, statusValue } from './arbitrary-manifest.js'

const runs = { numRuns: Number(process.env.FC_RUNS ?? 300), seed: Number(process.env.FC_SEED ?? 20261201) }
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The sites the parser finds, or undefined when a document has none (not a block mapping) or the file does not parse. */
function parsedSites(text: string) {
  const documents = parseStream(text)
  if (documents.some((d) => d.doc.errors.length > 0)) return undefined
  try {
    return documents.map((d) => locateStatus(text, d.cst))
  } catch {
    return undefined
  }
}

/** When the scan answers, it says what the parser says. */
function agrees(text: string): boolean {
  const scanned = scanStatusSites(text)
  if (scanned === undefined) return false
  expect(scanned).toEqual(parsedSites(text))
  return true
}

/** Lines of a top-level pair `key` in one of the shapes people and berth write. */
const pairLines = (key: string, indent: string): fc.Arbitrary<readonly string[]> =>
  fc.oneof(
    fc.constantFrom([`${key}: value`], [`${key}: 8 # a comment`], [`${key}: [a, b]`], [`${key}: {a: 1}`]),
    fc.constant([`${key}:`, `${indent}name: web`, `${indent}labels:`, `${indent}${indent}tier: front`]),
    fc.constant([`${key}:`, `${indent}- a`, `${indent}- {b: 1}`]),
    fc.constant([`${key}:`, '- a', '- b: 1', '  c: 2']),
    fc.constant([`${key}:`, `${indent}ports:`, `${indent}- 80`, `${indent}env:`, `${indent}${indent}- A=1`]),
    fc.constant([`${key}:`, `${indent}# inside`, `${indent}image: nginx`, `${indent}  # deeper`]),
    fc.constant([`${key}:`, `${indent}long: a plain`, `${indent}${indent}continued line`]),
    fc.constant([`${key}:`, `${indent}empty:`, `${indent}next: 1`]),
    fc.constant([
      `${key}:`,
      `${indent}list:`,
      `${indent}- name: x`,
      `${indent}  ports:`,
      `${indent}  - 1`,
      `${indent}other:`,
    ]),
  )

const statusLines = fc.constantFrom(
  ['status:', '  state: ready'],
  ['status:', '  tasks:', '    - {id: t1, state: running}', '  # a note'],
  ['status: {}'],
)

/** Documents in the shapes the scan is meant for, with comments, blank lines, CRLF and separators. */
const simpleFile = fc
  .tuple(
    fc.constantFrom('  ', '    '),
    fc.array(
      fc.tuple(
        fc.shuffledSubarray(['apiVersion', 'kind', 'metadata', 'spec', 'extra'], { minLength: 1 }),
        fc.option(statusLines),
        fc.array(fc.constantFrom('', '# top', '  # indented'), { maxLength: 2 }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    fc.boolean(),
    fc.boolean(),
    fc.boolean(),
  )
  .chain(([indent, docs, crlf, finalNewline, leadingMarker]) =>
    fc
      .tuple(...docs.map(([keys]) => fc.tuple(...keys.map((k) => pairLines(k, indent)))))
      .map((pairsPerDoc) => {
        const lines = pairsPerDoc.flatMap((pairs, i) => {
          const [, status, extra] = docs[i]!
          // The status (when there is one) goes second, blank lines and comments before the last pair.
          const all = status ? [pairs[0]!, status, ...pairs.slice(1)] : pairs
          const body = all.flatMap((p, j) => (j > 0 && j === all.length - 1 ? [...extra, ...p] : p))
          return [...(i > 0 || leadingMarker ? ['---'] : []), ...body]
        })
        return lines.join(crlf ? '\r\n' : '\n') + (finalNewline ? (crlf ? '\r\n' : '\n') : '')
      }),
  )

describe('scanStatusSites', () => {
  test('agrees with the parser on every file of the generated cluster, before and after its first status', () => {
    const files = generateCluster(shapeForFiles(300), 7).files
    for (const file of files) {
      expect(agrees(file.text), file.path).toBe(true)
      const withStatus = replaceStatuses(
        file.text,
        parseStream(file.text).map((_, doc) => ({
          doc,
          status: { state: 'ready', tasks: [{ id: 'a', slot: 1 }] },
        })),
      )
      expect(agrees(withStatus), file.path).toBe(true)
    }
  })

  test('agrees with the parser on the example manifests wherever it answers', () => {
    const dir = path.join(root, 'manifests')
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'))
    expect(files.length).toBeGreaterThan(3)
    for (const file of files) agrees(readFileSync(path.join(dir, file), 'utf8'))
  })

  test('agrees with the parser on documents in the shapes it reads', () => {
    let answered = 0
    fc.assert(
      fc.property(simpleFile, (text) => {
        if (parsedSites(text) === undefined) return
        if (agrees(text)) answered++
      }),
      runs,
    )
    // These are the shapes berth and people write: the scan reads nearly all of them.
    expect(answered).toBeGreaterThan(runs.numRuns * 0.8)
  })

  test('never disagrees with the parser on manifests with tricky scalars, block scalars, anchors and BOMs', () => {
    fc.assert(
      fc.property(manifestFile, ({ text }) => {
        if (parsedSites(text) !== undefined) agrees(text)
      }),
      runs,
    )
  })

  test('a status written through the scan is the one written through the parser', () => {
    fc.assert(
      fc.property(simpleFile, statusValue, (text, status) => {
        const documents = parseStream(text)
        if (parsedSites(text) === undefined) return
        const updates = documents.map((_, doc) => ({ doc, status }))
        expect(replaceStatuses(text, updates, { parses: true })).toBe(replaceStatuses(text, updates))
      }),
      runs,
    )
  })

  // Each is valid YAML whose sites the lines alone do not prove: the scan leaves it to the parser.
  test.each([
    ['a block scalar', 'a: 1\nb: |\n  text\nc: 2\n'],
    ['a quoted key under a key', 'a:\n  "b c": 1\n'],
    ['a scalar on the line below its key', 'a:\n  just text\n'],
    ['a document end marker', 'a: 1\n...\n---\nb: 2\n'],
    ['an empty document', 'a: 1\n---\n---\nb: 2\n'],
    ['a trailing document marker', 'a: 1\n---\n'],
    ['a tab', 'a:\n\tb: 1\n'],
    ['an indented line after a column-0 comment', 'a:\n  b: 1\n# note\n  c: 2\n'],
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a flow collection over two lines', 'a: [1,\n  2]\nb: 1\n'],
    ['a key twice', 'a: 1\na: 2\n'],
    ['a top-level sequence', '- a\n- b\n'],
    ['a lone carriage return', 'a: 1\rb: 2\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
  ])('leaves %s to the parser', (_, text) => {
    expect(scanStatusSites(text)).toBeUndefined()
  })
})
