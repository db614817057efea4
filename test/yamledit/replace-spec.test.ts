import { describe, expect, test } from 'vitest'
import { replaceSpec } from '../../src/yamledit/replace-spec.js'
import { allData, comments, nodeRange } from './byte-check.js'
import { nastyInputs } from './nasty-inputs.js'

const spec = {
  image: 'caddy',
  replicas: 2,
  networks: ['globalnet'],
  placement: { constraints: ['node.role==manager'] },
}

describe.each(nastyInputs)('$name', ({ text, doc }) => {
  test('spec and labels replaced, the rest kept', () => {
    const after = replaceSpec(text, doc, spec, { app: 'web' })
    const data = allData(after)
    const old = allData(text)
    expect(data.filter((_, i) => i !== doc)).toEqual(old.filter((_, i) => i !== doc))
    const { spec: _s, metadata, ...rest } = data[doc] as Record<string, unknown>
    const { spec: _o, metadata: oldMetadata, ...oldRest } = old[doc] as Record<string, unknown>
    expect(_s).toEqual(spec)
    expect(rest).toEqual(oldRest)
    expect(metadata).toEqual({ ...(oldMetadata as object), labels: { app: 'web' } })
    // Text before the first edited value and after the last one is identical.
    const head = text.slice(
      0,
      Math.min(text.indexOf('spec'), text.indexOf('metadata') >= 0 ? text.indexOf('metadata') : Infinity),
    )
    expect(after.startsWith(head)).toBe(true)
    const status = text.indexOf('status:')
    if (status >= 0) expect(after.endsWith(text.slice(status))).toBe(true)
    // Comments up to the spec key's line and after the old spec value's last line all survive.
    const range = nodeRange(text, doc, ['spec'])!
    const keyLine = text.indexOf('\n', text.search(/'?spec'?:/))
    const nextLine = text.indexOf('\n', range.end - 1)
    const outside = comments(text.slice(0, keyLine) + (nextLine < 0 ? '' : text.slice(nextLine)))
    expect(comments(after)).toEqual(expect.arrayContaining(outside))
  })

  test('an equal spec leaves the text as it is', () => {
    const old = (allData(text)[doc] as { spec: Record<string, unknown> }).spec
    expect(replaceSpec(text, doc, old)).toBe(text)
  })
})

test('golden: the spec goes in block style, status and comments outside stay', () => {
  const text =
    '# web\nkind: Service\nmetadata:\n  name: web   # name\nspec: {image: x}  # inline\nstatus:\n  a: 1   # s\n'
  expect(replaceSpec(text, 0, { image: 'y', command: ['a', 'b'] }, { tier: 'front' })).toBe(
    '# web\nkind: Service\nmetadata:\n  name: web   # name\n  labels:\n    tier: front\nspec:  # inline\n  image: "y"\n  command:\n    - a\n    - b\nstatus:\n  a: 1   # s\n',
  )
})

test('golden: comments inside the old spec go with it, CRLF and the comment after `spec:` stay', () => {
  const text =
    'kind: Service\r\nspec:   # mine\r\n  # inside\r\n  replicas: 3\r\n  nodes:\r\n    - a # last\r\n  # after\r\nstatus: {}\r\n'
  expect(replaceSpec(text, 0, { replicas: 2 })).toBe(
    'kind: Service\r\nspec:   # mine\r\n  replicas: 2\r\n  # after\r\nstatus: {}\r\n',
  )
})
