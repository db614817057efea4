import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { openParseCache } from '../../src/cache/parse-cache.js'
import { KEEP_STATUSES_FROM_BYTES, reloadFile } from '../../src/load/keep-statuses.js'
import { type LoadedFile, loadFile } from '../../src/load/load-file.js'
import { createValidator } from '../../src/validate/validator.js'
import { cleanupAfterEach, converge, tempDir } from '../support/cluster.js'

const validator = createValidator()
const track = cleanupAfterEach()

/** Two services in one file, converged by berth: 1,500 task lines (well past the size the check starts at). */
let converged = ''

beforeAll(async () => {
  const dir = tempDir()
  const nodes = Array.from(
    { length: 4 },
    (_, i) => `apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: n${i}\n`,
  )
  writeFileSync(path.join(dir, 'nodes.yaml'), nodes.join('---\n'))
  const service = (name: string, replicas: number) =>
    `apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: ${name} # ours\nspec:\n  image: nginx\n  replicas: ${replicas}\n`
  writeFileSync(
    path.join(dir, 'web.yaml'),
    `# two services\n${service('web', 1000)}---\n${service('api', 500)}`,
  )
  await converge(dir)
  converged = readFileSync(path.join(dir, 'web.yaml'), 'utf8')
})

/** Edits a person makes by hand outside the statuses, and the file as parsed whole after each. */
const personEdits: [string, (text: string) => string][] = [
  ['scale in place', (t) => t.replace('replicas: 1000\n', 'replicas: 900\n')],
  ['a comment and a label added above', (t) => t.replace('# two services\n', '# two\n# services\n')],
  [
    'lines added in the first document',
    (t) => t.replace('  image: nginx\n', '  image: nginx:1.27\n  command: [nginx]\n'),
  ],
  ['the second document edited', (t) => t.replace(/(name: api # ours\nspec:\n {2}image: )nginx/, '$1redis')],
]

describe('a large file whose statuses did not change loads without parsing them', () => {
  test.each(personEdits)('%s: the same as a parse of the whole file', (_name, edit) => {
    expect(converged.length).toBeGreaterThan(KEEP_STATUSES_FROM_BYTES)
    const before = loadFile('web.yaml', converged, validator)
    expect(before.diagnostics).toEqual([])
    const text = edit(converged)
    expect(text).not.toBe(converged)
    const kept = reloadFile(before, text, validator)
    expect(kept).toBeDefined()
    expect(kept).toEqual(loadFile('web.yaml', text, validator))
  })

  test.each([
    [
      'a status edited',
      (t: string) =>
        t.replace('replicas: {desired: 500, running: 500}', 'replicas: {desired: 5, running: 5}'),
    ],
    [
      'a resource renamed (a status is read for its own resource)',
      (t: string) => t.replace('name: api # ours', 'name: api2'),
    ],
    ['a spec that no longer validates', (t: string) => t.replace('replicas: 1000\n', 'replicas: many\n')],
    ['the documents swapped', (t: string) => t.split('---\n').reverse().join('---\n')],
  ])('%s: parsed whole instead', (_name, edit) => {
    const before = loadFile('web.yaml', converged, validator)
    expect(reloadFile(before, edit(converged), validator)).toBeUndefined()
  })

  test('through the parse cache: a run after a hand edit loads what a parse gives, and remembers it', async () => {
    const dir = track(tempDir())
    const load = async (text: string): Promise<{ file: LoadedFile; misses: number }> => {
      const cache = await openParseCache(dir, 'digest')
      const file = cache.loader(validator)('web.yaml', text)
      await cache.save()
      return { file, misses: cache.stats.misses }
    }
    await load(converged)
    for (const [name, edit] of personEdits) {
      const text = edit(converged)
      const first = await load(text)
      expect(first.misses, name).toBe(1)
      // As parsed, but for the mark a cached file carries: its statuses are in today's layout.
      const { statusLayoutCurrent, ...asParsed } = first.file
      expect(statusLayoutCurrent, name).toBe(true)
      expect(asParsed, name).toEqual(loadFile('web.yaml', text, validator))
      // …and the next run finds it in the cache as it is.
      const again = await load(text)
      expect(again.misses, name).toBe(0)
      expect(again.file.resources, name).toEqual(first.file.resources)
      await load(converged)
    }
  })
})
