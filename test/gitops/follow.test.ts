import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { berth, edit, runningTasks } from '../e2e/berth-cli.js'
import type { RunningDaemon } from '../e2e/daemon.js'
import { startWatch, waitFor } from '../e2e/daemon.js'
import { bareRemote, clone, demoRepo, git, isolateGit, scratch } from './git-fixture.js'

beforeAll(async () => {
  await isolateGit()
})

/** A remote with the demo (filter set up), a person's clone and the daemon's clone, set up and converged. */
async function cluster() {
  const where = await scratch('follow')
  const seed = await demoRepo(where, {
    setup: async (r) => void (await berth(['git', 'setup', '--dir', path.join(r, 'manifests')])),
  })
  const remote = await bareRemote(where, seed)
  const person = await clone(remote, where, 'person')
  const ops = await clone(remote, where, 'daemon')
  const dir = path.join(ops, 'manifests')
  expect((await berth(['git', 'setup', '--dir', dir])).code).toBe(0)
  return { remote, person, ops, dir }
}

/** A person changes the replicas upstream: edit, commit, push. */
async function pushReplicas(person: string, replicas: number) {
  await edit(path.join(person, 'manifests/services/myservice.yaml'), /replicas: \d+/, `replicas: ${replicas}`)
  await git(person, 'commit', '-q', '-am', `Scale myservice to ${replicas}`)
  await git(person, 'push', '-q', 'origin', 'main')
  return (await git(person, 'rev-parse', 'HEAD')).trim()
}

describe('berth watch --git-remote, on a clone following a bare remote', { timeout: 120_000 }, () => {
  let daemon: RunningDaemon | undefined
  afterEach(async () => {
    if (daemon && daemon.child.exitCode === null) await daemon.stop('SIGKILL')
    daemon = undefined
  })

  test('an upstream commit is pulled and reconciled; git status stays clean', async () => {
    const { person, ops, dir } = await cluster()
    daemon = startWatch(dir, ['--git-remote', 'origin', '--git-branch', 'main', '--interval', '300ms'])
    await waitFor(() => daemon?.log().includes('git: following origin/main'), 20_000, 'the follower')
    const file = path.join(dir, 'services/myservice.yaml')
    expect((await runningTasks(file)).tasks).toHaveLength(8)
    const pushed = await pushReplicas(person, 3)
    await waitFor(async () => (await runningTasks(file)).tasks.length === 3, 20_000, 'three running tasks')
    expect((await git(ops, 'rev-parse', 'HEAD')).trim()).toBe(pushed)
    expect(daemon.log()).toMatch(
      /git: pulled origin\/main [0-9a-f]{7}\.\.[0-9a-f]{7} \(fast-forward, 1 file changed\)/,
    )
    await waitFor(async () => (await git(ops, 'status', '--porcelain')) === '', 20_000, 'a clean git status')
    expect(await daemon.stop()).toBe(0)
  })

  test('a local edit in a file upstream also changed: nothing lost, nothing merged, a clear message', async () => {
    const { person, ops, dir } = await cluster()
    const file = path.join(dir, 'services/myservice.yaml')
    await edit(file, 'image: mrjana/simpleweb', 'image: mrjana/simpleweb # pinned by ops, do not lose')
    const head = (await git(ops, 'rev-parse', 'HEAD')).trim()
    daemon = startWatch(dir, ['--git-remote', 'origin', '--git-branch', 'main', '--interval', '300ms'])
    await waitFor(() => daemon?.log().includes('watching '), 20_000, 'the first round')
    await pushReplicas(person, 2)
    await waitFor(() => daemon?.log().includes('git: not pulling origin/main'), 20_000, 'the refusal')
    const log = daemon.log()
    expect(log).toContain(
      'uncommitted changes in manifests/services/myservice.yaml, which origin/main also changes',
    )
    expect(log).toMatch(/git -C \S+ status/)
    expect(log).toMatch(/pull --rebase origin main/)
    // The refusal is logged once, not every interval.
    await new Promise((r) => setTimeout(r, 1000))
    expect(daemon.log().split('git: not pulling').length).toBe(2)
    const text = await readFile(file, 'utf8')
    expect(text).toContain('image: mrjana/simpleweb # pinned by ops, do not lose\n')
    expect(text).toContain('replicas: 8')
    expect((await git(ops, 'rev-parse', 'HEAD')).trim()).toBe(head)
    expect(await git(ops, 'diff', '--', 'manifests')).toContain('+  image: mrjana/simpleweb # pinned by ops')
    // Berth keeps reconciling what is there.
    expect((await runningTasks(file)).tasks).toHaveLength(8)
    expect(await daemon.stop()).toBe(0)
  })

  test('a local commit the remote lacks, and a new upstream commit: diverged, never rewritten', async () => {
    const { person, ops, dir } = await cluster()
    await edit(path.join(dir, 'nodes.yaml'), 'zone: b', 'zone: c')
    await git(ops, 'commit', '-q', '-am', 'Move node2 to zone c')
    const local = (await git(ops, 'rev-parse', 'HEAD')).trim()
    await pushReplicas(person, 4)
    daemon = startWatch(dir, ['--git-remote', 'origin', '--git-branch', 'main', '--interval', '300ms'])
    await waitFor(() => daemon?.log().includes('git: not pulling origin/main'), 20_000, 'the refusal')
    expect(daemon.log()).toContain('the histories diverged, so a fast-forward is impossible')
    expect(daemon.log()).toMatch(/log --oneline [0-9a-f]{7}\.\.HEAD/)
    expect((await git(ops, 'rev-parse', 'HEAD')).trim()).toBe(local)
    expect(await daemon.stop()).toBe(0)
  })

  test('a pull of many new files reaches the daemon: every one gets its status', async () => {
    const { person, dir } = await cluster()
    daemon = startWatch(dir, ['--git-remote', 'origin', '--git-branch', 'main', '--interval', '300ms'])
    await waitFor(() => daemon?.log().includes('git: following origin/main'), 20_000, 'the follower')
    const names = Array.from({ length: 40 }, (_, i) => `web${i}`)
    for (const name of names)
      await writeFile(
        path.join(person, `manifests/services/${name}.yaml`),
        `apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  image: nginx\n  replicas: 1\n`,
      )
    await git(person, 'add', '.')
    await git(person, 'commit', '-q', '-m', 'Forty web services')
    await git(person, 'push', '-q', 'origin', 'main')
    for (const name of names)
      await waitFor(
        async () => (await runningTasks(path.join(dir, `services/${name}.yaml`))).tasks.length === 1,
        30_000,
        `${name} placed`,
      )
    expect(daemon.log()).toContain('40 files changed')
  })

  test('bad options are usage errors', async () => {
    const { dir } = await cluster()
    const interval = await berth(['watch', '--dir', dir, '--git-remote', 'origin', '--interval', 'soon'])
    expect(interval.code).toBe(2)
    expect(interval.stderr).toContain('--interval: expected a duration such as 500ms, 30s, 5m or 1h')
    const filtered = await berth(['watch', '--dir', dir, '--commit-status'])
    expect(filtered.code).toBe(2)
    expect(filtered.stderr).toContain("has berth's clean filter")
    const both = await berth(['watch', '--dir', dir, '--git-remote', 'origin', '--commit-status'])
    expect(both.code).toBe(2)
  })
})
