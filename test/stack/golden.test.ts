import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { type StackDir, stackDir } from './stack-harness.js'

const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url))
/** `UPDATE_GOLDEN=1 npx vitest run test/stack/golden.test.ts` rewrites the expected files; review the diff. */
const UPDATE = process.env.UPDATE_GOLDEN === '1'

/**
 * Compose files in, manifests out, byte for byte: each case deploys its folder's files into an
 * empty manifest directory and compares every file written, and what was printed, with
 * `expected/`. Deploying the same files again must change no byte.
 */
const CASES = [
  { name: 'every-key', files: ['docker-compose.yml'], env: {} },
  {
    name: 'interpolation',
    files: ['docker-compose.yml'],
    // The environment wins over .env (TAG); an empty variable is set (EMPTY_VAR).
    env: { TAG: '2.0', EMPTY_VAR: '' },
  },
  { name: 'merge', files: ['docker-compose.yml', 'docker-compose.prod.yml'], env: {} },
]

let dir: StackDir | undefined
afterEach(async () => {
  await dir?.remove()
  dir = undefined
})

describe.each(CASES)('stack deploy golden: $name', ({ name, files, env }) => {
  test('writes exactly the expected manifests and messages; a redeploy changes no byte', async () => {
    const folder = path.join(GOLDEN, name)
    dir = await stackDir({ demo: false, from: folder })
    const args = ['stack', 'deploy', ...files.flatMap((f) => ['-c', f]), '--no-reconcile', 'shop']
    const result = await dir.berth(args, env)
    const tree = await dir.tree()
    const expectedDir = path.join(folder, 'expected')
    const actual = new Map([
      ['stdout.txt', result.out],
      ['stderr.txt', result.err],
      ...[...tree].map(([f, text]) => [path.join('manifests', f), text] as const),
    ])
    if (UPDATE) {
      for (const [file, text] of actual) {
        await mkdir(path.dirname(path.join(expectedDir, file)), { recursive: true })
        await writeFile(path.join(expectedDir, file), text)
      }
    }
    expect(result.code).toBe(0)
    for (const [file, text] of actual) {
      expect(existsSync(path.join(expectedDir, file)), `${file} is not expected`).toBe(true)
      expect(text, file).toBe(await readFile(path.join(expectedDir, file), 'utf8'))
    }
    const again = await dir.berth(args, env)
    expect(again.code).toBe(0)
    expect(await dir.tree()).toEqual(tree)
    expect(again.out).not.toMatch(/Creating|Updating/)
  })
})
