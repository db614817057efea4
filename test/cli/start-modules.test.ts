import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, test } from 'vitest'
import type { DemoDir } from './cli-harness.js'
import { demoDir } from './cli-harness.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = path.join(ROOT, 'dist/src/cli/bin.js')

/**
 * Libraries that cost a command's start-up (the etcd client is grpc and its protobuf
 * definitions: about 100 ms here) and that only some commands need.
 */
const HEAVY = /node_modules\/(etcd3|@grpc\/grpc-js|prom-client)\//

let demo: DemoDir | undefined
afterEach(() => demo?.remove())

/** Runs `node [script]` with a preload that prints, at exit, which heavy libraries were loaded. */
function heavyLoaded(dir: string, args: readonly string[]): string[] {
  const hook = path.join(dir, '.loaded-hook.cjs')
  writeFileSync(
    hook,
    [
      'process.on("exit", () => {',
      `  const re = ${HEAVY}`,
      '  const names = Object.keys(require.cache).flatMap((k) => (re.test(k) ? [k.match(re)[1]] : []))',
      '  process.stderr.write("HEAVY " + JSON.stringify([...new Set(names)].sort()) + "\\n")',
      '})',
    ].join('\n'),
  )
  const run = spawnSync(process.execPath, ['-r', hook, ...args], { cwd: dir, encoding: 'utf8' })
  const line = run.stderr.split('\n').find((l) => l.startsWith('HEAVY '))
  if (!line) throw new Error(`no report from the hook: ${run.stderr}`)
  return JSON.parse(line.slice('HEAVY '.length)) as string[]
}

test('the check sees a heavy library when one is loaded', async () => {
  demo = await demoDir({ reconciled: false })
  const etcd3 = createRequire(BIN).resolve('etcd3')
  expect(heavyLoaded(demo.dir, ['-e', `require(${JSON.stringify(etcd3)})`])).toContain('etcd3')
})

// `--store etcd://…` and `--listen` load them; nothing else does.
test.each([
  [['reconcile']],
  [['plan']],
  [['get', 'services']],
  [['scale', 'my-service=2', '--no-reconcile']],
  [['service', 'ls']],
])('berth %j loads neither the etcd client nor the metrics library', async (args) => {
  demo = await demoDir({ reconciled: false })
  expect(heavyLoaded(demo.dir, [BIN, ...args, '--dir', demo.dir])).toEqual([])
})
