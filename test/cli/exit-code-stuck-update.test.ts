import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { berthInProcess } from './cli-harness.js'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const nodes = 'apiVersion: berth.dev/v1\nkind: Node\nmetadata: {name: n1}\n'
const web = (extra: string) =>
  `apiVersion: berth.dev/v1\nkind: Service\nmetadata: {name: web}\nspec:\n  image: nginx:1\n  replicas: 2\n  updateConfig: {failureAction: continue}\n${extra}`

test('--exit-code: 3 while an update cannot go on (failureAction continue, its template fits nowhere)', async () => {
  // The update stayed "in progress" with no batch to come, the new template running nowhere,
  // and --exit-code said 0: CI passed a deploy that never happened.
  dir = mkdtempSync(join(tmpdir(), 'berth-stuck-'))
  writeFileSync(join(dir, 'nodes.yaml'), nodes)
  writeFileSync(join(dir, 'web.yaml'), web(''))
  const berth = (...args: string[]) => berthInProcess([...args, '--dir', dir], { cwd: dir })
  expect((await berth('reconcile', '--exit-code')).code).toBe(0)
  const file = join(dir, 'web.yaml')
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace('  replicas: 2\n', '  replicas: 2\n  networks: [nonet]\n'),
  )
  for (const detach of [[], ['--detach']]) {
    const run = await berth('reconcile', '--exit-code', ...detach)
    expect(run.code).toBe(3)
    expect(run.err).toMatch(
      /^web\.yaml:7:14: not settled: web: update in progress: task web\.\d waits: network nonet not found$/m,
    )
  }
  // Without --exit-code it is no failure; and once the network exists the update completes.
  expect((await berth('reconcile')).code).toBe(0)
  writeFileSync(join(dir, 'nonet.yaml'), 'apiVersion: berth.dev/v1\nkind: Network\nmetadata: {name: nonet}\n')
  expect((await berth('reconcile', '--exit-code')).code).toBe(0)
})

test('--exit-code: 3 while a due batch waits for something gone; a delay not yet over is no failure', async () => {
  // The update's next batch was due, the network its tasks use was deleted, and it waited for
  // good with the batch still recorded as due: --exit-code said 0.
  dir = mkdtempSync(join(tmpdir(), 'berth-due-gone-'))
  const network = join(dir, 'backend.yaml')
  const backend = 'apiVersion: berth.dev/v1\nkind: Network\nmetadata: {name: backend}\n'
  writeFileSync(join(dir, 'nodes.yaml'), nodes)
  writeFileSync(network, backend)
  const file = join(dir, 'web.yaml')
  writeFileSync(
    file,
    'apiVersion: berth.dev/v1\nkind: Service\nmetadata: {name: web}\nspec:\n  image: nginx:1\n  replicas: 2\n  networks: [backend]\n  updateConfig: {parallelism: 1, delay: 1h}\n',
  )
  const berth = (...args: string[]) => berthInProcess([...args, '--dir', dir], { cwd: dir })
  expect((await berth('reconcile', '--exit-code')).code).toBe(0)
  writeFileSync(file, readFileSync(file, 'utf8').replace('  image: nginx:1\n', '  image: nginx:2\n'))
  expect((await berth('reconcile', '--detach', '--exit-code')).code).toBe(0)
  expect(readFileSync(file, 'utf8')).toMatch(/state: updating.*nextBatchAt/)
  // Gone while the delay runs: nothing is due yet, so nothing is stuck yet.
  rmSync(network)
  expect((await berth('reconcile', '--detach', '--exit-code')).code).toBe(0)
  // The hour has passed (as the status says): the batch is due, and it waits.
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(/nextBatchAt: "[^"]*"/, 'nextBatchAt: "2020-01-01T00:00:00.000Z"'),
  )
  for (const detach of [[], ['--detach']]) {
    const run = await berth('reconcile', '--exit-code', ...detach)
    expect(run.code).toBe(3)
    expect(run.err).toMatch(
      /^web\.yaml:7:14: not settled: web: update in progress: replacements wait: network backend not found$/m,
    )
  }
  // Back: the due batch is made, the update completes.
  writeFileSync(network, backend)
  expect((await berth('reconcile', '--exit-code')).code).toBe(0)
  expect(readFileSync(file, 'utf8')).toMatch(/state: completed/)
})
