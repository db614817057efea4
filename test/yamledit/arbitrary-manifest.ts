import fc from 'fast-check'

/** Strings that YAML readers like to take for something else, and plain awkward ones. */
const trickyString = fc.oneof(
  fc.constantFrom(
    ...['yes', 'No', 'on', 'OFF', 'y', 'n', 'null', '~', 'true', '1.0', '017', '0x1F', '1:20', '.nan', '<<'],
    ...['2026-11-28T10:00:00Z', '2026-11-28', '- x', '# c', 'a: b', '', ' lead', 'trail ', 'two\nlines\n'],
    ...[
      'tab\there',
      '@at',
      '`tick',
      '!tag',
      '&a',
      '*a',
      '%x',
      '|',
      '>',
      '{',
      '[',
      ',',
      '?',
      'ünïcødé ✓ 日本',
    ],
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
)

const safeWord = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)

/** A status value: nested maps and lists of tricky strings, integers and booleans. */
export const statusValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    trickyString,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(safeWord, trickyString), tie('value'), { maxKeys: 3 }),
  ),
})).value

/** A scalar as a person might type it: plain when that reads back the same, else quoted. */
const scalarText = fc.tuple(trickyString, fc.constantFrom('plain', 'single', 'double')).map(([s, style]) => {
  if (
    style === 'plain' &&
    /^[a-z][a-z0-9 ._/-]*[a-z0-9]$/i.test(s) &&
    !/^(y|n|yes|no|on|off|true|false|null)$/i.test(s)
  )
    return s
  if (style === 'single' && !/[\n\t]/.test(s) && !/^\s|\s$/.test(s)) return `'${s.replaceAll("'", "''")}'`
  return JSON.stringify(s)
})

const comment = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 10 }).map((s) => ` # ${s.replace(/[\r\n]/g, ' ')}`),
)

type Lines = string[]

/** One top-level `key: value` pair in one of the styles people write. */
function pairArb(key: string, pad: string): fc.Arbitrary<Lines> {
  return fc.oneof(
    fc.tuple(scalarText, comment).map(([v, c]) => [`${key}: ${v}${c}`]),
    fc
      .array(scalarText, { maxLength: 3 })
      .map((vs) => [`${key}: {${vs.map((v, i) => `k${i}: ${v}`).join(', ')}}`]),
    fc.array(scalarText, { maxLength: 3 }).map((vs) => [`${key}: [${vs.join(', ')}]`]),
    fc
      .tuple(fc.array(scalarText, { minLength: 1, maxLength: 3 }), comment, fc.boolean())
      .map(([vs, c, indentSeq]) => [`${key}:${c}`, ...vs.map((v) => `${indentSeq ? pad : ''}- ${v}`)]),
    fc
      .tuple(fc.array(scalarText, { minLength: 1, maxLength: 3 }), comment)
      .map(([vs, c]) => [`${key}:`, ...vs.map((v, i) => `${pad}k${i}: ${v}${c}`), `${pad}# inner comment`]),
    fc
      .constantFrom('|', '>-', '|+', '|2')
      .map((h) => [`${key}: ${h}`, `${pad}  body line`, `${pad}  # not a comment`]),
    fc.constant<Lines>([`${key}: &anchor${key} {x: 1}`, `${key}-alias: *anchor${key}`]),
  )
}

/** An old status block as berth or a person may have left it. */
const oldStatus = (pad: string): fc.Arbitrary<Lines> =>
  fc.constantFrom(
    ['status: {}'],
    ['status: null'],
    ['status:'],
    ['status:   # stale', `${pad}# inside`, `${pad}a: 1`, `${pad}list:`, `${pad}- x`, `${pad}${pad}# deeper`],
    [`'status': {old: "yes"}`],
  )

/** A Berth-shaped document as a list of lines, keys shuffled, comments and blanks between. */
function documentArb(pad: string): fc.Arbitrary<Lines> {
  const keys = ['apiVersion', 'kind', 'metadata', 'spec', 'extra']
  const pairs = keys.map((key) => pairArb(key, pad))
  return fc
    .tuple(fc.tuple(...pairs), fc.option(oldStatus(pad)), fc.array(fc.nat(), { minLength: 6, maxLength: 6 }))
    .map(([ps, status, order]) => {
      const all = status ? [...ps, status] : [...ps]
      const sorted = all.map((p, i) => ({ p, k: order[i] ?? 0 })).sort((a, b) => a.k - b.k)
      return sorted.flatMap(({ p, k }) =>
        k % 3 === 0 ? ['', '# above', ...p] : k % 3 === 1 ? p : [...p, '# after'],
      )
    })
}

/** A manifest file: 1–3 documents, random separators, line ends, BOM and final newline. */
export const manifestFile = fc
  .tuple(
    fc.constantFrom('  ', '    '),
    fc.integer({ min: 1, max: 3 }),
    fc.boolean(),
    fc.boolean(),
    fc.boolean(),
    fc.boolean(),
  )
  .chain(([pad, count, crlf, bom, finalNewline, docEnd]) =>
    fc.array(documentArb(pad), { minLength: count, maxLength: count }).map((docs) => {
      const lines = docs.flatMap((doc, i) => [
        ...(i > 0 ? [...(docEnd ? ['...', '# between documents'] : []), '---'] : []),
        ...doc,
      ])
      const body = lines.join(crlf ? '\r\n' : '\n') + (finalNewline ? (crlf ? '\r\n' : '\n') : '')
      return { text: (bom ? '\uFEFF' : '') + body, documents: count }
    }),
  )
