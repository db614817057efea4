import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import type { TaskView } from './berth-cli.js'
import { berth, demoCopy, documents, edit } from './berth-cli.js'
import type { RunningDaemon } from './daemon.js'
import { startWatch, waitFor } from './daemon.js'

interface UpdateView {
  state: string
  message: string
  nextBatchAt?: string
}
type Task = TaskView & { name: string; image?: string }

async function service(dir: string) {
  const [doc] = await documents(path.join(dir, 'services/myservice.yaml'))
  const tasks = (doc?.status?.tasks ?? []) as Task[]
  return {
    spec: doc?.spec ?? {},
    tasks,
    running: tasks.filter((t) => t.desiredState === 'running'),
    update: doc?.status?.updateStatus as UpdateView | undefined,
  }
}
const onImage = (tasks: readonly Task[], image: string) => tasks.filter((t) => t.image === image).length

describe('rolling updates through the real daemon', () => {
  let daemon: RunningDaemon | undefined
  afterEach(async () => {
    if (daemon && daemon.child.exitCode === null) await daemon.stop('SIGKILL')
    daemon = undefined
  })

  test('an image edit rolls 2 tasks at a time, 3 s apart, observed in the file over time', async () => {
    const dir = await demoCopy()
    daemon = startWatch(dir)
    await waitFor(() => daemon?.log().includes('watching '), 15_000, 'the first round')
    const file = path.join(dir, 'services/myservice.yaml')
    const before = (await service(dir)).running
    await edit(file, /^ {2}image: mrjana\/simpleweb$/m, '  image: mrjana/simpleweb:2')
    // Sample the file: how many running tasks are on the new image, and when each count was first seen.
    const firstSeen = new Map<number, number>()
    await waitFor(
      async () => {
        const { running } = await service(dir)
        const n = onImage(running, 'mrjana/simpleweb:2')
        if (!firstSeen.has(n)) firstSeen.set(n, Date.now())
        return n === 8
      },
      60_000,
      'all eight tasks on the new image',
    )
    // Each batch stays on disk for the 3 s delay, so sampling every 50 ms sees every step.
    expect([...firstSeen.keys()].filter((n) => n > 0)).toEqual([2, 4, 6, 8])
    // Batches wait for the delay: 2 → 4 → 6 → 8 takes at least three delays of 3 s. A sample can
    // see a batch late (the test is one process among many), never early: allow 1 s of lateness.
    const seen = (n: number) => firstSeen.get(n) ?? Number.NaN
    expect(seen(8) - seen(2)).toBeGreaterThanOrEqual(3 * 3000 - 1000)
    const after = await service(dir)
    expect(after.update?.state).toBe('completed')
    expect(after.running.some((t) => before.some((b) => b.id === t.id))).toBe(false)
    for (const old of before) {
      const shut = after.tasks.find((t) => t.id === old.id)
      expect(shut).toMatchObject({ desiredState: 'shutdown', image: 'mrjana/simpleweb' })
    }
    await waitFor(
      () => daemon?.log().includes('update completed'),
      10_000,
      'the end of the update in the log',
    )
    expect(daemon.log()).toMatch(
      /service myservice: updated myservice\.1, myservice\.2 to mrjana\/simpleweb:2 \(2\/8\)/,
    )
    expect(daemon.log()).toMatch(/service myservice: updating: update in progress/)
  }, 90_000)
})

describe('service update, rollback and reconcile through the real CLI', () => {
  test('service update waits for the update; service ps shows each task’s own image; rollback returns', async () => {
    const dir = await demoCopy()
    const update = await berth([
      'service',
      'update',
      '--image',
      'mrjana/simpleweb:2',
      '--update-delay',
      '0s',
      '--update-parallelism',
      '3',
      'myservice',
      '--dir',
      dir,
    ])
    expect(update.stderr).toBe('')
    expect(update.code).toBe(0)
    expect(update.stdout).toMatch(/^myservice\n/)
    const updated = await service(dir)
    expect(updated.spec.updateConfig).toEqual({
      parallelism: 3,
      delay: '0s',
      order: 'stop-first',
      failureAction: 'pause',
    })
    expect(onImage(updated.running, 'mrjana/simpleweb:2')).toBe(8)
    expect(updated.update?.state).toBe('completed')

    const ps = await berth(['service', 'ps', 'myservice', '--dir', dir])
    expect(ps.stdout).toMatch(/myservice\.1 +mrjana\/simpleweb:2 +node\d +Running/)
    expect(ps.stdout).toMatch(/\\_ myservice\.1 +mrjana\/simpleweb:latest +node\d +Shutdown/)

    const nodePs = await berth(['node', 'ps', 'node2', '--dir', dir])
    expect(nodePs.stdout).toMatch(/myservice\.2 +mrjana\/simpleweb:2 +node2 +Running/)
    expect(nodePs.stdout).toMatch(/my-service\.1 +busybox:latest +node2 +Running/)

    const back = await berth(['service', 'rollback', 'myservice', '--dir', dir])
    expect(back.code).toBe(0)
    const rolled = await service(dir)
    expect(rolled.spec.image).toBe('mrjana/simpleweb')
    expect(rolled.update?.state).toBe('rollback_completed')
    expect(onImage(rolled.running, 'mrjana/simpleweb')).toBe(8)
    // A rollback asked for is settled: the file's spec is what runs.
    expect((await berth(['reconcile', '--exit-code', '--dir', dir])).code).toBe(0)
    // Both edits kept every other byte: the comments, the flow-style networks list.
    const text = await readFile(path.join(dir, 'services/myservice.yaml'), 'utf8')
    expect(text).toContain('# How a new image rolls out (docker service update')
    expect(text).toContain('  networks: [globalnet]\n')
  }, 60_000)

  test('--detach does the first batch and exits; a later reconcile carries on', async () => {
    const dir = await demoCopy()
    const file = path.join(dir, 'services/myservice.yaml')
    await edit(file, /delay: 3s/, 'delay: 1s')
    await edit(file, /^ {2}image: mrjana\/simpleweb$/m, '  image: mrjana/simpleweb:2')
    const first = await berth(['reconcile', '--detach', '--dir', dir])
    expect(first.code).toBe(0)
    const mid = await service(dir)
    expect(onImage(mid.running, 'mrjana/simpleweb:2')).toBe(2)
    expect(mid.update?.state).toBe('updating')
    expect(mid.update?.nextBatchAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    const rest = await berth(['reconcile', '--dir', dir])
    expect(rest.code).toBe(0)
    const done = await service(dir)
    expect(onImage(done.running, 'mrjana/simpleweb:2')).toBe(8)
    expect(done.update?.state).toBe('completed')
  }, 60_000)

  test('--exit-code: 3 while an update is paused, the old tasks still running', async () => {
    const dir = await demoCopy()
    const file = path.join(dir, 'services/myservice.yaml')
    // The new template names a network nobody created: its tasks cannot run anywhere.
    await edit(file, 'networks: [globalnet]', 'networks: [globalnet, nonet]')
    const run = await berth(['reconcile', '--exit-code', '--dir', dir])
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('myservice: update paused')
    // At the network it waits for (file:line:col), with the update's reason, naming the slot.
    expect(run.stderr).toMatch(
      /services\/myservice\.yaml:13:25: not settled: myservice: update paused due to failure or early termination of task myservice\.\d: network nonet not found\n/,
    )
    const paused = await service(dir)
    expect(paused.update?.state).toBe('paused')
    expect(paused.update?.message).toContain('network nonet not found')
    expect(paused.running.filter((t) => t.state === 'running')).toHaveLength(8)
    // Without --exit-code the same tree reconciles with 0; converged, it writes nothing.
    const again = await berth(['reconcile', '--dir', dir])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('0 files written')
  }, 60_000)

  test('--exit-code: 3 while an image edit is held for a network manifest that is gone; once it is back the update starts', async () => {
    const dir = await demoCopy()
    const file = path.join(dir, 'services/myservice.yaml')
    const network = path.join(dir, 'networks/globalnet.yaml')
    const networkText = await readFile(network, 'utf8')
    const before = (await service(dir)).running
    await rm(network)
    await edit(file, /^ {2}image: mrjana\/simpleweb$/m, '  image: mrjana/simpleweb:2')
    const held = await berth(['reconcile', '--exit-code', '--dir', dir])
    expect(held.code).toBe(3)
    expect(held.stderr).toContain("myservice: the spec's template is not running yet")
    expect(held.stderr).toContain('new tasks wait: network globalnet not found')
    const waiting = await service(dir)
    expect(waiting.running.map((t) => [t.id, t.image])).toEqual(before.map((t) => [t.id, 'mrjana/simpleweb']))
    // Without --exit-code the held edit is no failure.
    expect((await berth(['reconcile', '--dir', dir])).code).toBe(0)
    await writeFile(network, networkText)
    const resumed = await berth(['reconcile', '--detach', '--exit-code', '--dir', dir])
    expect(resumed.code).toBe(0)
    const rolling = await service(dir)
    expect(rolling.update?.state).toBe('updating')
    expect(onImage(rolling.running, 'mrjana/simpleweb:2')).toBe(2)
  }, 60_000)

  test('failureAction rollback: an unplaceable template ends in rollback_completed on the old image', async () => {
    const dir = await demoCopy()
    const file = path.join(dir, 'services/myservice.yaml')
    const before = (await service(dir)).running
    await edit(file, 'failureAction: pause', 'failureAction: rollback')
    await edit(file, /^ {2}image: mrjana\/simpleweb$/m, '  image: mrjana/simpleweb:2')
    await edit(file, 'networks: [globalnet]', 'networks: [globalnet, nonet]')
    const run = await berth(['reconcile', '--exit-code', '--dir', dir])
    // As `docker service update` fails with "service rolled back": the file asks for what does not run.
    expect(run.code).toBe(3)
    expect(run.stderr).toContain("myservice: update rolled back, the spec's template is not running")
    const after = await service(dir)
    expect(after.update?.state).toBe('rollback_completed')
    expect(after.running.map((t) => [t.id, t.image])).toEqual(before.map((t) => [t.id, 'mrjana/simpleweb']))
    // Held: the failed template is not retried until the spec changes again.
    expect((await berth(['reconcile', '--dir', dir])).stdout).toContain('0 files written')
  }, 60_000)

  test('start-first needs room for both tasks; stop-first does not (one node with room for one)', async () => {
    const run = async (order: string) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'berth-e2e-order-'))
      await writeFile(
        path.join(dir, 'cluster.yaml'),
        [
          'apiVersion: berth.dev/v1',
          'kind: Node',
          'metadata: {name: node1}',
          'spec: {role: manager, resources: {cpus: 1}}',
          '---',
          'apiVersion: berth.dev/v1',
          'kind: Service',
          'metadata: {name: web}',
          'spec:',
          '  image: nginx:1.25',
          '  resources: {reservations: {cpus: 1}}',
          `  updateConfig: {order: ${order}}`,
          '',
        ].join('\n'),
      )
      expect((await berth(['reconcile', '--dir', dir])).code).toBe(0)
      const update = await berth(['service', 'update', '--image', 'nginx:1.27', 'web', '--dir', dir])
      const ps = await berth(['service', 'ps', 'web', '--dir', dir])
      const check = await berth(['reconcile', '--exit-code', '--dir', dir])
      return { update, ps: ps.stdout, exit: check.code }
    }
    const start = await run('start-first')
    // The update it waited for paused: a failure, as `docker service update` reports it.
    expect(start.update.code).toBe(1)
    expect(start.update.stderr).toContain('service update paused: update paused due to failure')
    expect(start.ps).toMatch(/web\.1 +nginx:1\.25 +node1 +Running/)
    expect(start.ps).not.toContain('nginx:1.27')
    expect(start.exit).toBe(3)
    const stop = await run('stop-first')
    expect(stop.update.code).toBe(0)
    expect(stop.ps).toMatch(/web\.1 +nginx:1\.27 +node1 +Running/)
    expect(stop.ps).toMatch(/\\_ web\.1 +nginx:1\.25 +node1 +Shutdown/)
    expect(stop.exit).toBe(0)
  }, 60_000)
})
