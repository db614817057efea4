import { readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { berth, demoCopy, edit, runningTasks } from './berth-cli.js'
import type { RunningDaemon } from './daemon.js'
import { startWatch, waitFor } from './daemon.js'

describe('berth watch, as a child process on a copy of the demo', () => {
  let daemon: RunningDaemon | undefined
  afterEach(async () => {
    if (daemon && daemon.child.exitCode === null) await daemon.stop('SIGKILL')
    daemon = undefined
  })

  const converged = (d: RunningDaemon) =>
    waitFor(() => d.log().includes('watching '), 15_000, 'the first round')

  test('an edit reaches the status within a bounded time; SIGTERM exits 0', async () => {
    const dir = await demoCopy()
    daemon = startWatch(dir)
    await converged(daemon)
    const file = path.join(dir, 'services/myservice.yaml')
    expect((await runningTasks(file)).tasks).toHaveLength(8)
    await edit(file, 'replicas: 8', 'replicas: 3')
    await waitFor(async () => (await runningTasks(file)).tasks.length === 3, 10_000, 'three tasks')
    expect(daemon.log()).toContain('service myservice: 3/3 running')
    expect(await daemon.stop('SIGTERM')).toBe(0)
  })

  test('a half-saved edit evicts nothing; fixing it converges', async () => {
    const dir = await demoCopy()
    daemon = startWatch(dir)
    await converged(daemon)
    const file = path.join(dir, 'plugins/weave2.yaml')
    const services = path.join(dir, 'services/myservice.yaml')
    await edit(file, 'nodes: [node1, node2]', 'nodes: [node1, node2')
    await waitFor(() => daemon?.log().includes('weave2.yaml:'), 10_000, 'the error line')
    expect(daemon.log()).toMatch(/plugins\/weave2\.yaml:\d+:\d+: /)
    await new Promise((r) => setTimeout(r, 500))
    expect((await runningTasks(services)).perNode).toEqual({ node1: 4, node2: 4 })
    expect(await readFile(file, 'utf8')).toContain('nodes: [node1, node2\n')
    await edit(file, 'nodes: [node1, node2', 'nodes: [node1]')
    await waitFor(async () => (await runningTasks(services)).perNode.node1 === 8, 10_000, 'all on node1')
    expect(daemon.log()).toMatch(
      /task myservice\.\d moved node2 → node1: missing network plugin bboreham\/weave2:latest on node2/,
    )
  })

  test('idle after converging: no writes for seconds', async () => {
    const dir = await demoCopy()
    daemon = startWatch(dir)
    await converged(daemon)
    const files = ['nodes.yaml', 'services/myservice.yaml', 'plugins/weave2.yaml'].map((f) =>
      path.join(dir, f),
    )
    const before = await Promise.all(files.map(async (f) => (await stat(f)).mtimeMs))
    await new Promise((r) => setTimeout(r, 2500))
    const after = await Promise.all(files.map(async (f) => (await stat(f)).mtimeMs))
    expect(after).toEqual(before)
  })

  test('a second daemon on the same directory refuses to start', async () => {
    const dir = await demoCopy()
    daemon = startWatch(dir)
    await converged(daemon)
    const second = await berth(['watch', '--dir', dir])
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/another berth watch \(pid \d+\) is already following/)
  })

  test('a stale lock from a killed daemon does not block the next start', async () => {
    const dir = await demoCopy()
    daemon = startWatch(dir)
    await converged(daemon)
    await daemon.stop('SIGKILL')
    daemon = startWatch(dir)
    await converged(daemon)
    expect(await daemon.stop()).toBe(0)
  })

  test('500 files changed at once converge in one burst to the right final state', async () => {
    const dir = await demoCopy()
    const names = Array.from({ length: 500 }, (_, i) => `svc${String(i).padStart(3, '0')}`)
    const manifest = (name: string, replicas: number) =>
      `apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  image: nginx\n  replicas: ${replicas}\n`
    await Promise.all(names.map((n) => writeFile(path.join(dir, 'services', `${n}.yaml`), manifest(n, 1))))
    daemon = startWatch(dir)
    await converged(daemon)
    await Promise.all(names.map((n) => writeFile(path.join(dir, 'services', `${n}.yaml`), manifest(n, 2))))
    const last = path.join(dir, 'services', `${names.at(-1)}.yaml`)
    await waitFor(
      async () => {
        const counts = await Promise.all(
          names.map(async (n) => (await runningTasks(path.join(dir, 'services', `${n}.yaml`))).tasks.length),
        )
        return counts.every((c) => c === 2)
      },
      30_000,
      'every service at 2/2',
    )
    expect((await runningTasks(last)).perNode).toEqual({ node1: 1, node2: 1 })
    // Each service reached 2/2 exactly once: no oscillation, no repeated rounds.
    for (const n of names.slice(0, 20))
      expect(daemon.log().split(`service ${n}: 2/2 running`).length - 1).toBe(1)
  })
})
