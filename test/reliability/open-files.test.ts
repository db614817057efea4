import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { cleanupAfterEach, tempDir } from '../support/cluster.js'
import { figure } from './support.js'

/**
 * A large tree under ordinary limits: 5,000 files reconcile under `ulimit -n 1024`
 * (the old build opened every file at once and failed with EMFILE on ~4,000 of them).
 */
const track = cleanupAfterEach()
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/src/cli/bin.js')

test('5,000 files reconcile under ulimit -n 1024: bounded reads and writes', async () => {
  const dir = track(tempDir())
  mkdirSync(path.join(dir, 'services', 'a'), { recursive: true })
  mkdirSync(path.join(dir, 'services', 'b'), { recursive: true })
  writeFileSync(path.join(dir, 'nodes.yaml'), 'apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: n1\n')
  const files: string[] = []
  for (let i = 1; i < 5000; i++) {
    const file = path.join('services', i % 2 ? 'a' : 'b', `s${i}.yaml`)
    files.push(file)
    writeFileSync(
      path.join(dir, file),
      `apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  image: nginx\n`,
    )
  }
  const run = () =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-c', `ulimit -n 1024 && exec "${process.execPath}" "${bin}" --dir "${dir}" reconcile`],
        {
          env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1764324000' },
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, _stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
      )
    })
  const first = await run()
  expect(first.stderr).not.toMatch(/EMFILE|too many open files/i)
  expect(first.code).toBe(0)
  for (const f of [files[0], files[2500], files[4998]])
    expect(readFileSync(path.join(dir, f as string), 'utf8')).toMatch(/^status:$/m)
  // And read back under the same limit: nothing left to write.
  const again = await run()
  expect(again.code).toBe(0)
  figure('open-files', { files: 5000, ulimit: 1024 })
}, 300_000)
