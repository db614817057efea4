import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { createApp } from '../../src/cli/app.js'
import { run } from '../../src/cli/main.js'

const TREE = `apiVersion: berth.dev/v1
kind: Node
metadata: {name: node1}
spec: {resources: {cpus: "4", memory: 8Gi}}
---
apiVersion: berth.dev/v1
kind: Secret
metadata: {name: token}
spec: {file: ./token.txt}
---
apiVersion: berth.dev/v1
kind: Service
metadata: {name: app}
spec:
  image: nginx
  replicas: 2
  secrets: [{source: token}]
  updateConfig: {parallelism: 1, delay: 1s}
`

let dir = ''
afterEach(() => rm(dir, { recursive: true, force: true }))

/** Runs berth in-process as on a terminal, so the waiting line is printed. */
async function berthOnTerminal(...args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = []
  const io = { out: () => undefined, err: (s: string) => void err.push(s), isTTY: true }
  const code = await run([...args, '--dir', dir], createApp(io, { NO_COLOR: '1' }, dir))
  return { code, err: err.join('') }
}

test('a rotated secret rolls its service batch by batch, and the waiting line counts the tasks already on it', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-progress-'))
  await writeFile(path.join(dir, 'tree.yaml'), TREE)
  await writeFile(path.join(dir, 'token.txt'), 'first')
  expect((await berthOnTerminal('reconcile')).code).toBe(0)

  await writeFile(path.join(dir, 'token.txt'), 'second')
  const rolled = await berthOnTerminal('reconcile')
  expect(rolled.code).toBe(0)
  // The template's digest includes the secret's: the first batch is 1 of 2, not 0 of 2.
  expect(rolled.err).toMatch(/for the next batch: app 1\/2 updated/)
  expect(await readFile(path.join(dir, 'tree.yaml'), 'utf8')).toMatch(/state: completed/)
}, 30_000)
