import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { berth, edit } from '../e2e/berth-cli.js'
import { bareRemote, clone, demoRepo, git, isolateGit, pastRacyWindow, scratch } from './git-fixture.js'

beforeAll(async () => {
  await isolateGit()
})

describe('berth git setup', { timeout: 90_000 }, () => {
  test('--check fails before setup, passes after; a re-run adds no line twice', async () => {
    const repo = await demoRepo(await scratch('setup'))
    const dir = path.join(repo, 'manifests')
    const before = await berth(['git', 'setup', '--check', '--dir', dir])
    expect(before.code).toBe(1)
    expect(before.stdout).toMatch(
      /missing {2}\.gitattributes does not give \*\.yaml and \*\.yml in manifests\//,
    )
    expect(before.stdout).toMatch(/missing {2}git config filter\.berth-status\.clean is not set/)
    expect(before.stdout).toContain('Run: berth git setup')

    const setup = await berth(['git', 'setup', '--dir', dir])
    expect(setup.code).toBe(0)
    expect(setup.stdout).toContain('.gitattributes: added manifests/**/*.yaml filter=berth-status')
    const again = await berth(['git', 'setup', '--dir', dir])
    expect(again.stdout).toContain('.gitattributes: already set up')
    const attributes = await readFile(path.join(repo, '.gitattributes'), 'utf8')
    expect(attributes.match(/filter=berth-status/g)).toHaveLength(2)
    expect(await git(repo, 'config', 'filter.berth-status.clean')).toContain('strip-status')
    expect((await git(repo, 'config', 'filter.berth-status.required')).trim()).toBe('true')

    const after = await berth(['git', 'setup', '--check', '--dir', dir])
    expect(after.code).toBe(0)
    expect(after.stdout).toContain('the clean command runs and strips status')
    // From another working directory too: the command is absolute.
    const elsewhere = await git(
      path.join(repo, 'manifests/services'),
      'check-attr',
      'filter',
      'myservice.yaml',
    )
    expect(elsewhere).toContain('berth-status')
  })

  test('--check outside a repository is an error', async () => {
    const result = await berth(['git', 'setup', '--check', '--dir', await scratch('norepo')])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/is not inside a git work tree/)
  })

  test('status written by reconcile into a fresh clone leaves git status clean; a person’s edit still shows', async () => {
    const where = await scratch('clean')
    const repo = await demoRepo(where, {
      setup: async (r) => {
        const setup = await berth(['git', 'setup', '--dir', path.join(r, 'manifests')])
        expect(setup.code).toBe(0)
      },
    })
    // What was committed carries no status: the filter stripped it.
    expect(await git(repo, 'show', 'HEAD:manifests/nodes.yaml')).not.toMatch(/^status:/m)
    const remote = await bareRemote(where, repo)
    const checkout = await clone(remote, where, 'ops')
    const dir = path.join(checkout, 'manifests')
    expect(await readFile(path.join(dir, 'nodes.yaml'), 'utf8')).not.toMatch(/^status:/m)
    expect((await berth(['git', 'setup', '--dir', dir])).code).toBe(0)
    await pastRacyWindow()

    const reconcile = await berth(['reconcile', '--dir', dir])
    expect(reconcile.code).toBe(0)
    expect(reconcile.stdout).toMatch(/[1-9]\d* files? written/)
    expect(await readFile(path.join(dir, 'nodes.yaml'), 'utf8')).toMatch(/^status:/m)
    expect(await git(checkout, 'status', '--porcelain')).toBe('')

    await pastRacyWindow()
    await edit(path.join(dir, 'services/myservice.yaml'), 'replicas: 8', 'replicas: 3')
    expect((await berth(['reconcile', '--dir', dir])).code).toBe(0)
    expect(await git(checkout, 'status', '--porcelain')).toBe(' M manifests/services/myservice.yaml\n')
    const diff = await git(checkout, 'diff', '--', 'manifests')
    expect(diff).toContain('-  replicas: 8\n+  replicas: 3\n')
    expect(diff).not.toContain('status')
  })
})
