import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { stringify } from 'yaml'
import { lineOf } from '../../src/load/line-of.js'
import { loadFile } from '../../src/load/load-file.js'
import { locatePath } from '../../src/load/locate.js'
import { parseDocuments } from '../../src/load/parse-documents.js'
import { quickDocuments } from '../../src/load/quick-yaml.js'
import { createValidator } from '../../src/validate/validator.js'
import { renderStatus } from '../../src/yamledit/render-status.js'
import { scaled, seedFor } from '../reliability/support.js'

/**
 * The quick reader against `yaml` itself: on every text it takes, the same documents (index,
 * data with its key order and types) and the same position for every data path; on a text
 * `yaml` reports any problem in, it must decline.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Every path to every key and item of `value`, plus a missing key and item under each collection. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix]
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...pathsOf(v, [...prefix, i]))
    })
    out.push([...prefix, value.length], [...prefix, 'x'])
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]))
    out.push([...prefix, 'no-such-key'], [...prefix, 0])
  }
  return out
}

/**
 * Whether the quick reader took `text`; throws (a failed expectation) when it disagrees with
 * yaml. `lines`: also check `lineOf` against yaml's line counter at every offset.
 */
function agrees(text: string, lines = false): boolean {
  const quick = quickDocuments(text)
  if (quick === undefined) return false
  const full = parseDocuments('f.yaml', text)
  expect(
    full.diagnostics,
    `yaml found problems in a text the quick reader took: ${JSON.stringify(text)}`,
  ).toEqual([])
  expect(quick.map((d) => d.index)).toEqual(full.documents.map((d) => d.index))
  quick.forEach((q, n) => {
    const d = full.documents[n]
    if (!d) throw new Error('missing document')
    expect(q.value).toStrictEqual(d.value)
    // Key order too (toStrictEqual ignores it): the store and the validators see it.
    expect(JSON.stringify(q.value)).toBe(JSON.stringify(d.value))
    for (const p of pathsOf(d.value))
      expect(q.locate(p), `${JSON.stringify(p)} in ${text}`).toBe(locatePath(d.doc, p))
  })
  if (lines) {
    const at = lineOf(text)
    for (let offset = 0; offset <= text.length; offset++)
      expect(at(offset)).toEqual(full.lineCounter.linePos(offset))
  }
  return true
}

function yamlFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.ya?ml$/.test(f) && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(dir, f))
}

/** Every YAML file of the repository (manifests, examples, fixtures, CRDs) and every YAML block of its docs. */
const corpus: { name: string; text: string }[] = [
  ...['manifests', 'examples', 'test', 'crds', 'registry'].flatMap((d) =>
    yamlFiles(path.join(root, d)).map((f) => ({
      name: path.relative(root, f),
      text: readFileSync(f, 'utf8'),
    })),
  ),
  ...['README.md', ...readdirSync(path.join(root, 'docs')).map((f) => `docs/${f}`)]
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) =>
      [...readFileSync(path.join(root, f), 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m, i) => ({
        name: `${f} block ${i + 1}`,
        text: m[1] as string,
      })),
    ),
]

describe('the quick reader', { timeout: scaled(30_000, 3_600_000) }, () => {
  test('reads every file of the demo (so a fresh clone needs no yaml parse)', () => {
    const demo = yamlFiles(path.join(root, 'manifests'))
    expect(demo.length).toBeGreaterThan(5)
    for (const f of demo) expect(agrees(readFileSync(f, 'utf8')), f).toBe(true)
  })

  test('agrees with yaml on every YAML file and docs block of the repository', () => {
    let taken = 0
    for (const { name, text } of corpus) {
      try {
        if (agrees(text, true)) taken++
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`)
      }
    }
    // Most of them are in the plain style it reads (the rest are left to yaml).
    expect(taken).toBeGreaterThan(corpus.length / 2)
  })

  test.each([
    ['a document index counts empty documents', 'a: 1\n---\n---\n# only a comment\n---\nb: 2\n'],
    ['a leading --- after comments starts the first document', '# head\n---\na: 1\n---\nb: 2\n'],
    ['a leading --- alone', '---\na: 1\n'],
    ['a sequence at its key’s column', 'a:\n- x\n- {k: v}\nb: 1\n'],
    ['compact mappings in a sequence', 'a:\n  - k: v\n    l: [1, "2", \'3\']\n  - k: w\n'],
    ['an empty value', 'a:\nb:   # c\nc: ~\n'],
    ['comments anywhere', '# c\na: 1 # c\n   # odd c\nb: # c\n  c: x#y\n'],
    ['quotes', "a: \"x # y\"\nb: 'it''s'\nc: \"\"\nd: ''\n"],
    [
      'numbers, bools, null and strings that look close',
      'a: [0, 12, 1.5, true, False, NULL, 3s, 02f5, 1e, x1, .]\n',
    ],
    ['colons in scalars', 'a: b:c\nb: {i: busybox:latest, u: http://x}\nc: [x:y]\n'],
    ['nested sequences on one line', 'a:\n  - - x\n    - - y\n      - z: 1\n        w: 2\n  - v\n'],
    ['empty collections', 'a: {}\nb: []\nc: { }\nd: [ ]\n'],
    ['nested flow collections', 'a: {b: [c, {d: e}], f: {}}\n'],
    ['plain scalars starting with a dash', 'args:\n  - --port\n  - -g\n  - a-\nb: [-x, --y]\nc: -z\n'],
    ['unicode', 'a: héllo wörld ✓\nb: "日本"\n'],
    ['spaces in keys of label-like form', 'labels:\n  com.example/tier: web\n  a-b_c.d: 1\n'],
  ])('%s', (_name, text) => {
    expect(agrees(text)).toBe(true)
  })

  // Corners where either answer is fine, as long as a taken text reads as yaml reads it.
  test.each([
    ['a comment at column 0 inside a nested block', 'a:\n  b: 1\n# c\n  c: 2\n'],
    ['a blank line of spaces inside a block', 'a:\n  b: 1\n      \n  c: 2\n'],
    ['a sequence at its key’s column inside a compact mapping', '- a:\n  - x\n  b: 1\n'],
    ['extra spaces after a dash', '-   a: 1\n    b: [x]\n-    y\n'],
    ['extra spaces after a colon', 'a:     1\nb:   {c:   d ,  e: f}\n'],
    ['a plain scalar with quotes inside', 'a: it\'s "x"\n'],
    ['a hash without a space before it', 'a: x#y\nb: {c: d#e}\n'],
    ['a comment right after a flow collection', 'a: [x]# c\n'],
    ['a key that looks like a date', '2001-12-14: x\n'],
    ['a value that looks like a date', 'a: 2001-12-14\n'],
    ['a long key', `${'k'.repeat(1100)}: v\n`],
    ['no newline at the end', 'a: 1\nb: [x]'],
    ['a trailing ---', 'a: 1\n---\n'],
    ['a lone ---', '---\n'],
    ['an empty text', ''],
    ['only comments', '# a\n# b\n'],
    ['non-breaking spaces', 'a: x\u00a0\nb:\u00a0y\n'],
    ['an emoji', 'a: 🐳 whale\n'],
  ])('never disagrees on %s', (_name, text) => {
    agrees(text, true)
  })

  test.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: {k: 1}\nb:\n  <<: {k: 2}\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  x\n'],
    ['an escape', 'a: "x\\ty"\n'],
    ['a multi-line plain scalar', 'a: x\n  y\n'],
    ['a multi-line flow collection', 'a: [x,\n  y]\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate key in a flow mapping', 'a: {b: 1, b: 2}\n'],
    ['a float in exponent form', 'a: 1e3\n'],
    ['a number with a sign', 'a: -1\n'],
    ['a negative number in a sequence', '- -1\n'],
    ['a number with a leading zero', 'a: 012\n'],
    ['hexadecimal', 'a: 0x1F\n'],
    ['.inf', 'a: .inf\n'],
    ['a boolean key', 'true: 1\n'],
    ['a number key', '1: a\n'],
    ['__proto__', '__proto__: {a: 1}\n'],
    ['a quoted key', '"a": 1\n'],
    ['a tab', 'a:\t1\n'],
    ['CRLF', 'a: 1\r\nb: 2\r\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['content on the --- line', '--- a: 1\n'],
    ['odd indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a nested mapping in a compact one', '- a: 1\n   b: 2\n'],
    ['a trailing comma', 'a: [x, ]\n'],
    ['a pair without space', 'a:b: 1\n'],
    ['a nested pair on one line', 'a: b: c\n'],
    ['a top-level scalar', 'hello\n'],
    ['an indented document', '  a: 1\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['an item on the line below', '-\n  a: 1\n'],
    ['flow indicators in a block scalar', 'a: x]\n'],
    ['a quote not closed on its line', 'a: "x\n  y"\n'],
  ])('leaves %s to yaml', (_name, text) => {
    expect(quickDocuments(text)).toBeUndefined()
  })

  /** Small edits a person or an editor makes: whatever the reader takes must agree with yaml. */
  test('agrees with yaml on mutated corpus files (fuzz)', () => {
    const texts = corpus.map((c) => c.text).filter((t) => quickDocuments(t) !== undefined)
    const insert = fc.constantFrom(
      ' ',
      '  ',
      '\n',
      ':',
      ': ',
      '- ',
      '#',
      ' #',
      '---\n',
      '"',
      "'",
      '{',
      '}',
      '[',
      ']',
      ',',
      '~',
      '0',
      '1.5',
      'true',
      'null',
      '-',
      'x',
      'é',
      '\\',
      '&a ',
      '*a',
      '!',
      '|',
      '>',
      '?',
      '%',
      '@',
      '`',
      '.',
      '__proto__: 1\n',
    )
    const mutated = fc
      .tuple(
        fc.constantFrom(...texts),
        fc.nat(),
        fc.nat(),
        fc.array(insert, { minLength: 1, maxLength: 3 }),
        fc.nat(3),
      )
      .map(([text, a, b, inserts, op]) => {
        const i = a % (text.length + 1)
        const j = b % (text.length + 1)
        if (op === 0) return text.slice(0, Math.min(i, j)) + text.slice(Math.max(i, j))
        if (op === 1) return text.slice(0, i) + inserts.join('') + text.slice(i)
        // Swap two lines, or re-indent one.
        const lines = text.split('\n')
        const x = i % lines.length
        const y = j % lines.length
        if (op === 2) [lines[x], lines[y]] = [lines[y] as string, lines[x] as string]
        else lines[x] = ' '.repeat(inserts.length) + lines[x]
        return lines.join('\n')
      })
    let taken = 0
    fc.assert(
      fc.property(mutated, (text) => {
        if (agrees(text)) taken++
      }),
      { numRuns: scaled(3000, 20_000), seed: seedFor(17) },
    )
    expect(taken).toBeGreaterThan(300)
  })

  /** Data as yaml and as berth write it (block and flow, every scalar type): read back the same. */
  test('agrees with yaml on generated documents (fuzz)', () => {
    // Mostly the tame keys and scalars manifests hold (so most documents are taken), some odd ones.
    const key = fc.oneof(
      { weight: 30, arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9./_-]{0,8}$/) },
      fc.constantFrom('on', 'yes', 'no', 'true', 'null', '1', '0x1', 'constructor', 'a b', '-a', 'a:b'),
      fc.string({ maxLength: 6 }),
    )
    const scalar = fc.oneof(
      { weight: 20, arbitrary: fc.stringMatching(/^[a-z0-9][a-zA-Z0-9 .:/@_-]{0,14}$/) },
      { weight: 10, arbitrary: fc.nat() },
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        '3s',
        '02f5d258',
        'busybox:latest',
        '1.0',
        '1e3',
        '.5',
        '~',
        'Null',
        'x # y',
        "it's",
        'a: b',
      ),
    )
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    }))
    const document = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 })
    let taken = 0
    fc.assert(
      fc.property(document, fc.nat(3), (data, style) => {
        const text =
          style === 0
            ? stringify(data)
            : style === 1
              ? stringify(data, { collectionStyle: 'flow' })
              : style === 2
                ? stringify(data, { indentSeq: false })
                : renderStatus(data, { column: 0, style: { indent: 2, indentSeq: true }, newline: '\n' })
        if (agrees(text)) taken++
      }),
      { numRuns: scaled(3000, 20_000), seed: seedFor(17) },
    )
    expect(taken).toBeGreaterThan(600)
  })
})

describe('loadFile with the quick reader', () => {
  const validator = createValidator()
  /** The same file for yaml alone: a last comment line with a tab, which the quick reader leaves to yaml. */
  const forYaml = (text: string) => `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}#\t\n`

  test('loads every file of the repository as yaml alone does (resources, positions, diagnostics, warnings)', () => {
    let quick = 0
    for (const { name, text } of corpus) {
      if (quickDocuments(text)) quick++
      const { text: _a, ...viaQuick } = loadFile(name, text, validator)
      const { text: _b, ...viaYaml } = loadFile(name, forYaml(text), validator)
      expect(quickDocuments(forYaml(text)), name).toBeUndefined()
      expect(viaQuick, name).toEqual(viaYaml)
    }
    expect(quick).toBeGreaterThan(20)
  })

  test.each([
    [
      'a schema error',
      'apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  image: nginx\n  replicas: many\n',
    ],
    ['an unknown kind', 'apiVersion: berth.dev/v1\nkind: Servce\nmetadata: {name: web}\nspec: {}\n'],
    [
      'a status berth did not write',
      'apiVersion: berth.dev/v1\nkind: Volume\nmetadata:\n  name: v\nspec: {}\nstatus:\n  mood: happy\n',
    ],
    [
      'a content file outside the directory',
      'apiVersion: berth.dev/v1\nkind: Secret\nmetadata: {name: s}\nspec: {file: ../../etc/passwd}\n',
    ],
  ])('reports %s with the position yaml gives', (_name, text) => {
    expect(quickDocuments(text)).toBeDefined()
    const { text: _a, ...viaQuick } = loadFile('f.yaml', text, validator)
    const { text: _b, ...viaYaml } = loadFile('f.yaml', forYaml(text), validator)
    expect(viaQuick.diagnostics.length + viaQuick.warnings.length).toBeGreaterThan(0)
    expect(viaQuick).toEqual(viaYaml)
  })
})
