import { cp, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import { createApp } from '../../src/cli/app.js'
import { run } from '../../src/cli/main.js'
import { loadFile } from '../../src/load/load-file.js'
import { loadTree } from '../../src/load/load-tree.js'
import type { Diagnostic } from '../../src/model/diagnostic.js'
import { createValidator } from '../../src/validate/validator.js'

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/bad')

/** A 10,000-alias bomb: each level doubles, the last refers to the one before ten thousand times. */
function aliasBomb(): string {
  const lines = [
    'apiVersion: berth.dev/v1',
    'kind: Service',
    'metadata: {name: bomb}',
    'spec:',
    '  image: x',
    '  env:',
  ]
  lines.push('    - &a0 [x, x, x, x, x, x, x, x, x, x]')
  for (let i = 1; i < 10; i++)
    lines.push(
      `    - &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    )
  lines.push(`    - [${Array(10_000).fill('*a9').join(', ')}]`)
  return `${lines.join('\n')}\n`
}

// Each bad input gives exactly one diagnostic code at the position a person
// would look at (the offending key, value or byte), and the loader never throws.
describe('the bad-input corpus', () => {
  let dir: string
  let byFile: Map<string, Diagnostic[]>
  let elapsedBomb = 0
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'berth-bad-'))
    await cp(corpus, dir, { recursive: true })
    await writeFile(path.join(dir, 'too-large.yaml'), `# ${'x'.repeat(1024 * 1024)}\n`)
    await writeFile(path.join(dir, 'alias-bomb.yaml'), aliasBomb())
    await symlink('/etc/hostname', path.join(dir, 'escape.yaml'))
    // Compiling the CRD schemas is not loading: time the load alone.
    const validator = createValidator()
    const started = performance.now()
    const tree = await loadTree(dir, validator)
    elapsedBomb = performance.now() - started
    byFile = new Map()
    for (const d of tree.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d])
  }, 60_000)

  test.each([
    ['wrong-type.yaml', 'schema', 7, 3, 'spec.replicas: must be integer'],
    [
      'unknown-field.yaml',
      'schema',
      7,
      3,
      'spec.replica: unknown field "replica" (did you mean "replicas"?)',
    ],
    ['bad-enum.yaml', 'schema', 7, 3, 'spec.mode: must be one of replicated, global'],
    ['bad-quantity.yaml', 'schema', 6, 24, 'invalid quantity "8Gx"'],
    ['bad-constraint.yaml', 'schema', 8, 19, 'invalid constraint "node.role=manager"'],
    ['bad-name.yaml', 'schema', 4, 3, 'metadata.name: invalid name "-bad name"'],
    ['syntax.yaml', 'yaml-syntax', 4, 1, 'Flow map'],
    ['duplicate-key.yaml', 'yaml-syntax', 7, 3, 'Map keys must be unique'],
    ['api-version.yaml', 'unknown-api-version', 1, 1, 'expected berth.dev/v1, got "berth.dev/v2"'],
    ['unknown-kind.yaml', 'unknown-kind', 2, 1, 'unknown kind "Deployment"'],
    ['not-a-mapping.yaml', 'not-a-mapping', 1, 1, 'must be a mapping'],
    ['binary.yaml', 'binary-file', 1, 25, 'NUL byte'],
    ['latin1.yaml', 'not-utf8', 1, 1, 'not valid UTF-8'],
    ['too-large.yaml', 'file-too-large', 1, 1, 'over 1 MiB'],
    ['alias-bomb.yaml', 'yaml-alias', 1, 1, 'alias'],
    ['escape.yaml', 'symlink-escape', 1, 1, 'outside the manifest directory'],
  ])('%s → %s at %i:%i', (file, code, line, col, text) => {
    const found = byFile.get(file) ?? []
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ code, line, col })
    expect(found[0]?.message).toContain(text)
  })

  test('a duplicate kind/name is reported at both definitions', () => {
    const found = byFile.get('duplicate.yaml') ?? []
    expect(found.map((d) => [d.code, d.line, d.col])).toEqual([
      ['duplicate', 4, 3],
      ['duplicate', 9, 3],
    ])
  })

  // Unexpanded, the bomb is 10^10 nodes: a loader without the alias limit never finishes.
  // The bound is far above any machine's load time, so it fails only on a missing limit.
  test('the whole corpus, alias bomb included, loads without expanding the bomb', () => {
    expect(elapsedBomb).toBeLessThan(10_000)
  })

  test('berth validate exits 1 and names each bad file', async () => {
    const err: string[] = []
    const app = createApp({ out: () => undefined, err: (t) => void err.push(t), isTTY: false }, {}, dir)
    expect(await run(['validate', '--dir', dir], app)).toBe(1)
    const named = new Set(
      err
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(':')[0]),
    )
    expect([...named].sort()).toEqual([...byFile.keys()].sort())
  })
})

test('a manifest directory that does not exist is a clear error, not a stack trace', async () => {
  const err: string[] = []
  const cwd = await mkdtemp(path.join(tmpdir(), 'berth-nodir-'))
  const app = createApp({ out: () => undefined, err: (t) => void err.push(t), isTTY: false }, {}, cwd)
  expect(await run(['reconcile'], app)).toBe(1)
  expect(err.join('')).toBe(
    `berth: no such directory: ${path.join(cwd, 'manifests')} (from the default ./manifests); point --dir or $BERTH_DIR at your manifests\n`,
  )
})

describe('a kind that is almost right', () => {
  test.each([
    ['Nodes', 'did you mean Node? '],
    ['service', 'did you mean Service? '],
    ['Deployment', ''],
  ])('%s: the message names the closest kind when there is one', (kind, hint) => {
    const text = `apiVersion: berth.dev/v1\nkind: ${kind}\nmetadata:\n  name: x\nspec: {}\n`
    const loaded = loadFile('a.yaml', text, createValidator())
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        line: 2,
        col: 1,
        message: `kind: unknown kind "${kind}" (${hint}expected Node, Plugin, Volume, Network, Service, Secret or Config)`,
      }),
    ])
  })
})

test('a missing kind or apiVersion says it is missing, at the document', () => {
  const load = (text: string) => loadFile('a.yaml', text, createValidator()).diagnostics.map((d) => d.message)
  expect(load('apiVersion: berth.dev/v1\nmetadata:\n  name: x\n')).toEqual([
    'kind: missing (expected Node, Plugin, Volume, Network, Service, Secret or Config)',
  ])
  expect(load('kind: Node\nmetadata:\n  name: x\n')).toEqual(['apiVersion: missing (expected berth.dev/v1)'])
  expect(load('apiVersion: berth.dev/v1\nkind: null\nmetadata:\n  name: x\n')).toEqual([
    'kind: unknown kind null (expected Node, Plugin, Volume, Network, Service, Secret or Config)',
  ])
})
