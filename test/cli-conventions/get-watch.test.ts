import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { berth, demoCopy, edit } from '../e2e/berth-cli.js'
import { waitFor } from '../e2e/daemon.js'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/src/cli/bin.js')

test('get --watch prints the table, then each service again as it changes; SIGTERM ends it with 0', async () => {
  const dir = await demoCopy()
  const child = spawn(process.execPath, [bin, 'get', 'svc', '--watch', '--dir', dir], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    await waitFor(() => out.includes('myservice'), 10_000, 'the first listing')
    expect(out.split('\n')[0]).toMatch(/^NAME\s+MODE\s+REPLICAS/)
    // Give the watcher a moment to be ready; a change before that is caught by its first read anyway.
    await new Promise((r) => setTimeout(r, 300))
    await edit(path.join(dir, 'services/myservice.yaml'), 'replicas: 8', 'replicas: 3')
    await waitFor(() => /myservice\s+replicated\s+8 \(stale\)/.test(out), 10_000, 'the stale row')
    expect((await berth(['reconcile', '--dir', dir])).code).toBe(0)
    await waitFor(() => /myservice\s+replicated\s+3\s+3\s/.test(out), 10_000, 'the reconciled row')
    // Only what changed is printed again, without a second header; my-service never changed.
    expect(out.match(/^NAME/gm)).toHaveLength(1)
    expect(out.match(/^my-service/gm)).toHaveLength(1)
  } finally {
    child.kill('SIGTERM')
  }
  expect(await exited).toBe(0)
})
