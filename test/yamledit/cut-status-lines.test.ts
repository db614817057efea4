import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { cutStatusLines } from '../../src/yamledit/cut-status-lines.js'
import { removeStatus, replaceStatus } from '../../src/yamledit/replace-status.js'
import { manifestFile, statusValue } from './arbitrary-manifest.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const runs = { numRuns: Number(process.env.FC_RUNS ?? 300), seed: Number(process.env.FC_SEED ?? 20261201) }

function yamlFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
}

/** The parser-based cut, or undefined where it refuses. */
function parserCut(text: string): string | undefined {
  try {
    return removeStatus(text)
  } catch {
    return undefined
  }
}

describe('cutStatusLines: the line scan behind the git filter', () => {
  test('on the shipped demo it answers, and exactly as the parser-based cut', () => {
    const files = yamlFiles('manifests')
    expect(files.length).toBeGreaterThan(5)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      const cut = cutStatusLines(text)
      expect(cut, file).toBeDefined()
      expect(cut, file).toBe(removeStatus(text))
      expect(cut).not.toMatch(/^status:/m)
    }
  })

  test('on every fixture (golden, bad) it answers as the parser-based cut or not at all', () => {
    for (const file of yamlFiles('test/fixtures')) {
      const text = readFileSync(file, 'utf8')
      const cut = cutStatusLines(text)
      if (cut !== undefined) expect(cut, file).toBe(parserCut(text))
    }
  })

  test('generated manifests with a status berth wrote: the same bytes as the parser-based cut', () => {
    let answered = 0
    fc.assert(
      fc.property(manifestFile, fc.nat(), statusValue, ({ text, documents }, n, status) => {
        let withStatus = text
        try {
          withStatus = replaceStatus(text, n % documents, status)
        } catch {
          // A block scalar above the status: the writer refuses, the file stays as generated.
        }
        for (const input of [text, withStatus]) {
          const cut = cutStatusLines(input)
          if (cut === undefined) continue
          answered++
          expect(cut).toBe(removeStatus(input))
        }
      }),
      runs,
    )
    // Not vacuous: the generator is full of tabs, BOMs, anchors and block scalars the scan
    // leaves to the parser, yet it answers for some of every run.
    expect(answered).toBeGreaterThan(runs.numRuns / 20)
  })

  test.each([
    // Each is a place where a column-0 line might not be a top-level key, or a cut is not provable.
    ['a flow sequence running on to column 0', 'spec: [a,\nstatus: b]\n'],
    ['a double-quoted scalar running on', 'spec: "a\nstatus: b"\n'],
    ['a single-quoted scalar running on in a nested line', "spec:\n  x: 'a\nstatus: b'\n"],
    ['a quoted status key', "kind: A\n'status':\n  a: 1\n"],
    ['an indented document', '  kind: A\n  status:\n    a: 1\n'],
    ['a top-level list', '- status: 1\n'],
    ['two status keys', 'status: 1\nstatus: 2\n'],
    ['tabs', 'kind: A\nstatus:\n\ta: 1\n'],
    ['a byte order mark', '\uFEFFkind: A\nstatus: {}\n'],
    ['an anchor', 'spec: &a {x: 1}\nstatus: *a\n'],
    ['a block scalar in status', 'status:\n  message: |\n    one\n\n    # two\n'],
    ['content after a column-0 comment inside status', 'status:\n  a: 1\n# c\n  b: 2\n'],
    ['a directive', '%YAML 1.2\n---\nstatus: {}\n'],
    ['a document start with content', '--- !tag\nstatus: {}\n'],
  ])('%s: no answer (the parser decides)', (_name, text) => {
    expect(cutStatusLines(text)).toBeUndefined()
  })

  test.each([
    ['status last, no final newline', 'kind: A\nstatus:\n  a: 1', 'kind: A'],
    [
      'CRLF, status in the middle, deeper comments go with it',
      'a: 1\r\nstatus:\r\n  x: 1\r\n  # mine\r\n\r\n  # kept\r\nb: 2\r\n',
      'a: 1\r\n\r\n  # kept\r\nb: 2\r\n',
    ],
    [
      'every document',
      'a: 1\nstatus: {x: [1, "y: z"]}\n---\nb: 2\nstatus:\n  - {id: q, message: "no #1"}\n...\n',
      'a: 1\n---\nb: 2\n...\n',
    ],
    [
      'empty flow values and a column-0 comment after',
      'a: 1\nstatus:\n  privileges: []\n  labels: {}\n# kept\n',
      'a: 1\n# kept\n',
    ],
  ])('%s', (_name, text, expected) => {
    expect(cutStatusLines(text)).toBe(expected)
    expect(removeStatus(text)).toBe(expected)
  })
})
