// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose files use ${VAR}
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { loadFile } from '../../src/load/load-file.js'
import { loadTree } from '../../src/load/load-tree.js'
import { loadStack } from '../../src/stack/load-stack.js'
import { renderManifest } from '../../src/stack/plan-deploy.js'
import { createValidator } from '../../src/validate/validator.js'
import { type StackDir, stackDir } from './stack-harness.js'

const SAMPLE_PATH = fileURLToPath(new URL('../../examples/stack/docker-compose.yml', import.meta.url))
const SAMPLE = readFileSync(SAMPLE_PATH, 'utf8')
const validator = createValidator()

/**
 * A fixed seed keeps CI deterministic; `STACK_FUZZ_SEED=random STACK_FUZZ_RUNS=20000` explores
 * further (fast-check prints the seed and the smallest failing file when one fails).
 */
const SEED =
  process.env.STACK_FUZZ_SEED === 'random' ? undefined : Number(process.env.STACK_FUZZ_SEED ?? 20261201)
const RUNS = Number(process.env.STACK_FUZZ_RUNS ?? 300)
const options = (numRuns: number) => (SEED === undefined ? { numRuns } : { numRuns, seed: SEED })

/** Pieces that matter to YAML and to Compose, to splice into the sample. */
const token = fc.constantFrom(
  ':',
  ': ',
  '- ',
  '-',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '\n',
  '  ',
  '\t',
  '$',
  '${',
  '}',
  '$$',
  '${X:?no}',
  '&a',
  '*a',
  '!!str ',
  '0400',
  '-1',
  '1.5',
  'true',
  'null',
  '~',
  'x-ext: 1',
  'global',
  'host',
  'udp',
  '8080:80',
  'imagee',
  'deploy',
  'replicas',
  'mode',
  'networks',
  'front',
  'data',
  'db_password',
  '\u0000',
)

/** One edit of the sample's text: delete a range, insert a token, duplicate or drop a line, indent one. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: token }),
  fc.record({ kind: fc.constant('dupLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), text: fc.constantFrom('  ', ' ', '\t') }),
)
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1)
  if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + m.length)
  if (m.kind === 'insert') return text.slice(0, at) + m.text + text.slice(at)
  const lines = text.split('\n')
  const i = m.at % lines.length
  if (m.kind === 'dupLine') lines.splice(i, 0, lines[i] as string)
  else if (m.kind === 'dropLine') lines.splice(i, 1)
  else lines[i] = m.text + lines[i]
  return lines.join('\n')
}

const mutated = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce(mutate, SAMPLE))

function load(text: string) {
  return loadStack({
    stack: 'demo',
    files: [{ name: 'docker-compose.yml', bytes: Buffer.from(text, 'utf8') }],
    workingDir: path.dirname(SAMPLE_PATH),
    lookup: () => undefined,
    envFile: () => new Map(),
  })
}

test('random mutations of the sample: never a crash; a positioned error, or manifests berth accepts', () => {
  fc.assert(
    fc.property(mutated, (text) => {
      const loaded = load(text)
      const lines = text.split('\n').length
      if (loaded.diagnostics.length > 0) {
        expect(loaded.resources).toEqual([])
        for (const d of loaded.diagnostics) {
          expect(d.file).toBe('docker-compose.yml')
          expect(d.line).toBeGreaterThanOrEqual(1)
          expect(d.line).toBeLessThanOrEqual(lines + 1)
          expect(d.col).toBeGreaterThanOrEqual(1)
          expect(d.message).toMatch(/\S/)
        }
        return
      }
      for (const r of loaded.resources) {
        const spec = r.contentFile === undefined ? r.spec : { ...r.spec, file: './content' }
        const check = loadFile(`${r.name}.yaml`, renderManifest(r, spec), validator)
        expect(check.diagnostics, `${r.kind} ${r.name} from:\n${text}`).toEqual([])
      }
    }),
    options(RUNS),
  )
}, 120_000) // a generous ceiling for a loaded machine; the work is bounded by numRuns

let dir: StackDir
beforeAll(async () => {
  dir = await stackDir({ demo: true })
})
afterAll(() => dir.remove())

test('through the CLI: exit 0 with a valid tree, or exit 1 with no byte written', async () => {
  let runs = 0
  await fc.assert(
    fc.asyncProperty(mutated, async (text) => {
      runs++
      await dir.write('docker-compose.yml', text)
      await dir.write('db_password.txt', 'x\n')
      const before = await dir.tree()
      const result = await dir.berth([
        'stack',
        'deploy',
        '-c',
        'docker-compose.yml',
        '--no-reconcile',
        `s${runs}`,
      ])
      if (result.code === 0) {
        const tree = await loadTree(dir.manifests, validator)
        expect(tree.diagnostics).toEqual([])
      } else {
        expect(result.code).toBe(1)
        expect(result.err).toMatch(/^docker-compose\.yml:\d+:\d+: /)
        expect(await dir.tree()).toEqual(before)
      }
    }),
    options(Math.min(RUNS, 30)),
  )
}, 120_000)
