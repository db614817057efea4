import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { edit } from '../e2e/berth-cli.js'
import type { RunningDaemon } from '../e2e/daemon.js'
import { startWatch, waitFor } from '../e2e/daemon.js'
import { demoRepo, git, isolateGit, scratch } from './git-fixture.js'

beforeAll(async () => {
  await isolateGit()
})

describe('berth watch --commit-status, status kept in history (no clean filter)', {
  timeout: 120_000,
}, () => {
  let daemon: RunningDaemon | undefined
  afterEach(async () => {
    if (daemon && daemon.child.exitCode === null) await daemon.stop('SIGKILL')
    daemon = undefined
  })

  test('commits status-only changes as berth, never a file with a person’s edit', async () => {
    const repo = await demoRepo(await scratch('commit'))
    const dir = path.join(repo, 'manifests')
    const first = (await git(repo, 'rev-parse', 'HEAD')).trim()
    daemon = startWatch(dir, ['--commit-status', '--interval', '300ms'])
    await waitFor(() => daemon?.log().includes('watching '), 20_000, 'the first round')
    // A person edits the spec (and a comment) of myservice and does not commit.
    const service = path.join(dir, 'services/myservice.yaml')
    await edit(service, 'replicas: 8', 'replicas: 2 # fewer for the night')
    const edited = await waitFor(
      async () => {
        const text = await readFile(service, 'utf8')
        return text.includes('running: 2') ? text : undefined
      },
      20_000,
      'the status of the edited service',
    )
    await waitFor(() => daemon?.log().includes('git: committed '), 20_000, 'a status commit')
    const show = await git(repo, 'show', '--stat', '--format=%an <%ae>%n%s', 'HEAD')
    expect(show).toMatch(/^berth <berth@localhost>\nberth: status of node\/node1, node\/node2\n/)
    expect(show).toContain('manifests/nodes.yaml')
    expect(show).not.toContain('myservice.yaml')
    expect((await git(repo, 'rev-parse', 'HEAD~1')).trim()).toBe(first)
    // Only status lines changed in the commit.
    const patch = await git(repo, 'log', '-p', '-1', '--format=', 'HEAD')
    expect(patch).toMatch(/^- {2}tasks: 4$/m)
    expect(patch).not.toMatch(/^[-+] {0,2}(spec|role|zone|availability|kind|apiVersion):/m)
    // The person's edit is still uncommitted, byte for byte, status included.
    expect(await readFile(service, 'utf8')).toBe(edited)
    expect(await git(repo, 'status', '--porcelain')).toBe(' M manifests/services/myservice.yaml\n')
    expect(await git(repo, 'diff', '--', 'manifests/services/myservice.yaml')).toContain(
      '+  replicas: 2 # fewer for the night',
    )
    // Converged: no further commits.
    await new Promise((r) => setTimeout(r, 1500))
    expect((await git(repo, 'rev-list', '--count', 'HEAD')).trim()).toBe('2')
    expect(await daemon.stop()).toBe(0)
  })

  test('a staged change is never swept into berth’s commit', async () => {
    const repo = await demoRepo(await scratch('staged'))
    const dir = path.join(repo, 'manifests')
    await edit(path.join(dir, 'volumes/pluginVol.yaml'), /$/, '# reviewed\n')
    await git(repo, 'add', 'manifests/volumes/pluginVol.yaml')
    daemon = startWatch(dir, ['--commit-status', '--interval', '300ms'])
    await waitFor(() => daemon?.log().includes('watching '), 20_000, 'the first round')
    await edit(path.join(dir, 'services/myservice.yaml'), 'replicas: 8', 'replicas: 1')
    await waitFor(() => daemon?.log().includes('git: committed '), 20_000, 'a status commit')
    expect(await git(repo, 'show', '--stat', '--format=', 'HEAD')).not.toContain('pluginVol')
    expect(await git(repo, 'diff', '--cached', '--name-only')).toBe('manifests/volumes/pluginVol.yaml\n')
  })
})
