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
      /^web\.yaml:3:\d+: not settled: web: update in progress: task web\.\d waits: network nonet not found$/m,
    )
  }
  // Without --exit-code it is no failure; and once the network exists the update completes.
  expect((await berth('reconcile')).code).toBe(0)
  writeFileSync(join(dir, 'nonet.yaml'), 'apiVersion: berth.dev/v1\nkind: Network\nmetadata: {name: nonet}\n')
  expect((await berth('reconcile', '--exit-code')).code).toBe(0)
})
