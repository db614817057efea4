import { expect, test } from 'vitest'
import { loadFile } from '../../src/load/load-file.js'
import { createValidator } from '../../src/validate/validator.js'

/**
 * YAML that other tools write is accepted; YAML that is wrong says what is
 * wrong, never "alias bomb" for a typo or "Maximum call stack size exceeded".
 */
const validator = createValidator()
const node = (name: string) => `apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: ${name}\n`
const head = 'apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  image: nginx\n'

test.each([
  ['a trailing ---', `${node('a')}---\n`],
  ['a trailing --- with a comment', `${node('a')}--- # end\n`],
  ['a leading ---', `---\n${node('a')}`],
  ['empty documents between', `${node('a')}---\n---\n${node('b')}`],
  ['a document of only comments', `${node('a')}---\n# nothing here yet\n# still nothing\n---\n${node('b')}`],
  ['a document end marker', `${node('a')}...\n---\n${node('b')}\n...\n`],
  ['an explicit null document', `${node('a')}--- null\n`],
])('%s loads', (_, text) => {
  const loaded = loadFile('f.yaml', text, validator)
  expect(loaded.diagnostics).toEqual([])
  expect(loaded.resources.length).toBeGreaterThan(0)
})

test('merge keys in spec apply as docker compose and kubectl apply them', () => {
  const text = [
    'apiVersion: berth.dev/v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    '  labels:',
    '    <<: [{team: a}, {tier: web}]',
    '    app: shop',
    'spec:',
    '  <<: &base {image: nginx, replicas: 2}',
    '  replicas: 3',
    '',
  ].join('\n')
  const loaded = loadFile('f.yaml', text, validator)
  expect(loaded.diagnostics).toEqual([])
  expect(loaded.resources[0]?.spec).toMatchObject({ image: 'nginx', replicas: 3 })
  expect(loaded.resources[0]?.labels).toEqual({ team: 'a', tier: 'web', app: 'shop' })
})

test.each([
  [
    'an alias with no anchor',
    `${head}  command: *nope\n`,
    7,
    12,
    'alias *nope refers to no anchor (&nope must come before it)',
  ],
  [
    'an alias before its anchor',
    `${head}  command: *a\n  args: &a [x]\n`,
    7,
    12,
    'alias *a refers to no anchor',
  ],
  [
    'an alias with no anchor inside a flow map',
    `${head}  env: {A: *gone}\n`,
    7,
    12,
    'alias *gone refers to no anchor',
  ],
])('%s is named as such, where it is (not an alias bomb)', (_, text, line, col, message) => {
  const loaded = loadFile('f.yaml', text, validator)
  expect(loaded.diagnostics).toHaveLength(1)
  expect(loaded.diagnostics[0]).toMatchObject({ line, col, code: 'yaml-syntax' })
  expect(loaded.diagnostics[0]?.message).toContain(message)
})

const blockMaps = (n: number) =>
  `${head}  env:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(4 + i)}k:`).join('\n')} x\n`
test.each([
  ['block mappings, 300 deep', blockMaps(300)],
  // Deep enough that yaml's own composer overflows its stack.
  ['block mappings, 1,000 deep', blockMaps(1000)],
  ['compact sequences (- - - …), 20,000 deep', `${head}  args:\n    ${'- '.repeat(20_000)}x\n`],
  [
    'flow and block mixed',
    `${head}  args:\n${'    - '.repeat(1)}${'[{a: '.repeat(130)}x${'}]'.repeat(130)}\n`,
  ],
  ['flow sequences, 100,000 deep', `${head}  args: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
])('deep nesting (%s) says it is too deep, never a stack overflow', (_, text) => {
  const loaded = loadFile('f.yaml', text, validator)
  expect(loaded.resources).toEqual([])
  expect(loaded.diagnostics.length).toBeGreaterThan(0)
  for (const d of loaded.diagnostics) {
    expect(d.message).not.toMatch(/call stack/i)
    expect(d.message).toMatch(/nested (too deeply|more than \d+ levels)/)
  }
})
