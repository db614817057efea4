import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { setScalarIn } from '../../src/yamledit/set-in.js'
import { allData, changedRegion, comments, nodeRange } from './byte-check.js'
import { nastyInputs } from './nasty-inputs.js'

describe.each(nastyInputs)('$name', ({ text, doc }) => {
  test.each([
    [['spec', 'replicas'], 8],
    [['spec', 'replicas'], 'yes'],
    [['spec', 'enabled'], false],
    [['spec', 'availability'], 'drain'],
    [['spec', 'deep', 'er'], null],
  ] as const)('set %j to %j', (path, value) => {
    const after = setScalarIn(text, doc, path, value)
    const data = allData(after)
    const old = allData(text)
    expect(data.filter((_, i) => i !== doc)).toEqual(old.filter((_, i) => i !== doc))
    expect((data[doc] as Record<string, unknown>).spec).toMatchObject(
      path.length === 2 ? { [path[1]]: value } : { deep: { er: null } },
    )
    // Only the old value changed, or text was only inserted.
    const region = changedRegion(text, after)
    const range = nodeRange(text, doc, path)
    if (range) expect(region.start >= range.start && region.beforeEnd <= range.end).toBe(true)
    else expect(region.beforeEnd).toBe(region.start)
    expect(comments(after)).toEqual(expect.arrayContaining(comments(text)))
    expect(after.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'))
    expect(after.endsWith('\n')).toBe(text.endsWith('\n'))
    expect(/(?<!\r)\n/.test(after)).toBe(/(?<!\r)\n/.test(text))
  })
})

test.each([
  // The old quoting is kept when the new value is a string.
  ['spec:\n  image: "nginx"  # c\n', ['spec', 'image'], 'caddy', 'spec:\n  image: "caddy"  # c\n'],
  ["spec:\n  image: 'nginx'\n", ['spec', 'image'], "it's", "spec:\n  image: 'it''s'\n"],
  // A string that would read as something else is quoted; a number drops the quotes.
  ['spec:\n  mode: x\n', ['spec', 'mode'], 'yes', 'spec:\n  mode: "yes"\n'],
  ["spec:\n  replicas: '3'\n", ['spec', 'replicas'], 3, 'spec:\n  replicas: 3\n'],
  // Missing parents are created in the document's indentation, before status. The style is
  // the person's: the status's own indentation does not count (as when berth writes a status),
  // so an edit reads the same whether or not the status is there.
  [
    'kind: Node\nstatus:\n    a: 1\n',
    ['spec', 'availability'],
    'pause',
    'kind: Node\nspec:\n  availability: pause\nstatus:\n    a: 1\n',
  ],
  [
    'kind: Node\nmetadata:\n    name: n\nstatus:\n  a: 1\n',
    ['spec', 'availability'],
    'pause',
    'kind: Node\nmetadata:\n    name: n\nspec:\n    availability: pause\nstatus:\n  a: 1\n',
  ],
  ['a:\n    b: 1\nstatus: {}\n', ['spec', 'x'], 1, 'a:\n    b: 1\nspec:\n    x: 1\nstatus: {}\n'],
  // A null parent becomes a mapping; a comment after its colon stays.
  ['spec:   # mine\nstatus: {}\n', ['spec', 'x'], 3, 'spec:   # mine\n  x: 3\nstatus: {}\n'],
  ['spec: ~\n', ['spec', 'x'], 3, 'spec:\n  x: 3\n'],
  // Flow mappings get a flow pair; an empty one too.
  ['spec: {a: 1}  # c\n', ['spec', 'x'], 'a,b', 'spec: {a: 1, x: "a,b"}  # c\n'],
  ['spec: {}\n', ['spec', 'x'], 1, 'spec: {x: 1}\n'],
  // Unchanged value: the very same text.
  ['spec:\n  replicas: 0x8\n', ['spec', 'replicas'], 8, 'spec:\n  replicas: 0x8\n'],
  // A block scalar is replaced by a one-line scalar, the next key untouched.
  ['spec:\n  image: |\n    nginx\n  x: 1\n', ['spec', 'image'], 'caddy', 'spec:\n  image: caddy\n  x: 1\n'],
] as const)('%j: set %j to %j', (text, path, value, expected) => {
  expect(setScalarIn(text, 0, path, value)).toBe(expected)
})

test.each([
  ['spec: 3\n', /spec is not a mapping/],
  ['spec: *a\n', /./],
  ['spec: [1]\n', /spec is not a mapping/],
  ['spec: {a: 1\n', /does not parse/],
  ['a: 1\n---\nb: 2\n', /document 3 does not exist/],
])('%j is refused', (text, message) => {
  expect(() => setScalarIn(text, text.includes('---') ? 3 : 0, ['spec', 'x'], 1)).toThrow(message)
})

test('an edit through an anchored value that an alias repeats is refused', () => {
  expect(() => setScalarIn('spec:\n  a: &v 1\n  b: *v\n', 0, ['spec', 'a'], 2)).toThrow(/does not read back/)
})

// The status writer's golden corpus (BOM, CRLF, directives, block scalars, quoted keys…):
// every manifest takes a new spec.replicas and keeps every other document and comment.
const goldenDir = fileURLToPath(new URL('../fixtures/golden/', import.meta.url))
test.each(readdirSync(goldenDir).filter((f) => f.endsWith('.yaml')))('golden corpus: %s', (name) => {
  const text = readFileSync(join(goldenDir, name), 'utf8')
  const doc = name === 'multi-doc-middle.yaml' ? 1 : 0
  const after = setScalarIn(text, doc, ['spec', 'replicas'], 7)
  const [data, old] = [allData(after), allData(text)]
  expect(data.filter((_, i) => i !== doc)).toEqual(old.filter((_, i) => i !== doc))
  expect(data[doc]).toEqual({
    ...(old[doc] as object),
    spec: { ...(old[doc] as { spec: object }).spec, replicas: 7 },
  })
  expect(comments(after)).toEqual(expect.arrayContaining(comments(text)))
  const region = changedRegion(text, after)
  const range = nodeRange(text, doc, ['spec', 'replicas'])
  if (range) expect(region.start >= range.start && region.beforeEnd <= range.end).toBe(true)
  else expect(region.beforeEnd).toBe(region.start)
})
