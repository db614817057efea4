import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import { stripStatus } from '../../src/gitops/strip-status-bytes.js'
import { berth } from '../e2e/berth-cli.js'
import { git, isolateGit, scratch } from './git-fixture.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const demoService = path.join(root, 'manifests/services/myservice.yaml')

beforeAll(async () => {
  await isolateGit()
})

/** git with extra environment; resolves with stdout and stderr, rejects on failure. */
function gitEnv(cwd: string, env: Record<string, string>, ...args: string[]) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 1 << 26 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`git ${args.join(' ')}: ${stderr}`)) : resolve({ stdout, stderr }),
    )
  })
}

async function identifyForCommit(repo: string) {
  await git(repo, 'config', 'user.name', 'Pat')
  await git(repo, 'config', 'user.email', 'pat@example.com')
}

/** A repository whose `m/` holds `count` converged service manifests and one large one. */
async function manyManifests(count: number): Promise<{ repo: string; big: string }> {
  const repo = await scratch('filter-process')
  await git(repo, 'init', '-q', '-b', 'main')
  await mkdir(path.join(repo, 'm/services'), { recursive: true })
  const text = await readFile(demoService, 'utf8')
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      writeFile(path.join(repo, `m/services/s${i}.yaml`), text.replaceAll('myservice', `svc${i}`)),
    ),
  )
  // Over 64 KiB: the content crosses several packets both ways.
  const task = (i: number) =>
    `    - {id: t${i}, name: big.${i}, slot: ${i}, node: node1, state: running, desiredState: running}\n`
  const big = `kind: Service\nmetadata:\n  name: big # kept\nspec:\n  replicas: 3000\nstatus:\n  tasks:\n${Array.from({ length: 3000 }, (_, i) => task(i)).join('')}`
  await writeFile(path.join(repo, 'm/big.yaml'), big)
  expect(big.length).toBeGreaterThan(3 * 65516)
  const setup = await berth(['git', 'setup', '--dir', path.join(repo, 'm')])
  expect(setup.code, setup.stderr).toBe(0)
  expect(setup.stdout).toContain('filter.berth-status.process')
  return { repo, big }
}

describe('the git filter as one long-running process', { timeout: 120_000 }, () => {
  test('git add of 3,000 manifests starts berth once and stages them without status', async () => {
    const { repo, big } = await manyManifests(3000)
    const trace = path.join(repo, '..', `${path.basename(repo)}.trace`)
    await gitEnv(repo, { GIT_TRACE: trace }, 'add', '.')
    const runs = (await readFile(trace, 'utf8'))
      .split('\n')
      .filter((l) => /run_command:.*strip-status/.test(l))
    expect(runs).toHaveLength(1)
    expect(runs[0]).toContain('strip-status --process')

    const staged = (await git(repo, 'ls-files', '--', 'm')).trim().split('\n')
    expect(staged).toHaveLength(3001)
    // No staged manifest holds a top-level status (git grep exits 1 when nothing matches).
    await expect(git(repo, 'grep', '--cached', '-q', '-e', '^status:', '--', 'm')).rejects.toThrow()
    const one = await git(repo, 'cat-file', '-p', ':m/services/s17.yaml')
    const onDisk = await readFile(path.join(repo, 'm/services/s17.yaml'))
    expect(one).toBe((await stripStatus(onDisk)).toString('utf8'))
    expect(one).toContain('name: svc17')
    expect(await git(repo, 'cat-file', '-p', ':m/big.yaml')).toBe(
      'kind: Service\nmetadata:\n  name: big # kept\nspec:\n  replicas: 3000\n',
    )
    expect(big).toContain('status:')
    // The index matches the work tree through the filter: nothing shows as modified.
    expect(await git(repo, 'status', '--porcelain', '--', 'm')).toMatch(/^(A {2}m\/\S+\n)+$/)
    expect(await git(repo, 'diff', '--name-only')).toBe('')
  })

  test('without the process setting (an old git), the clean command stages the same blobs', async () => {
    const { repo } = await manyManifests(20)
    await git(repo, 'add', 'm')
    const withProcess = await git(repo, 'ls-files', '-s', 'm')
    await git(repo, 'rm', '-q', '--cached', '-r', 'm')
    await git(repo, 'config', '--unset', 'filter.berth-status.process')
    const trace = path.join(repo, '..', `${path.basename(repo)}.clean.trace`)
    await gitEnv(repo, { GIT_TRACE: trace }, 'add', 'm')
    const runs = (await readFile(trace, 'utf8'))
      .split('\n')
      .filter((l) => /run_command:.*strip-status/.test(l))
    expect(runs).toHaveLength(21)
    expect(runs.every((l) => !l.includes('--process'))).toBe(true)
    expect(await git(repo, 'ls-files', '-s', 'm')).toBe(withProcess)
  })

  test('a status only the YAML parser can cut (an anchor, a tab) is cleaned by the process as well', async () => {
    const { repo } = await manyManifests(2)
    const odd = [
      'kind: Service # kept',
      'metadata: {name: odd}',
      'status: &last',
      '  replicas:\t{desired: 1}',
      'spec: {replicas: 1}',
      '',
    ].join('\n')
    await writeFile(path.join(repo, 'm/services/odd.yaml'), odd)
    await git(repo, 'add', 'm')
    expect(await git(repo, 'cat-file', '-p', ':m/services/odd.yaml')).toBe(
      'kind: Service # kept\nmetadata: {name: odd}\nspec: {replicas: 1}\n',
    )
    expect(await git(repo, 'cat-file', '-p', ':m/services/s1.yaml')).not.toMatch(/^status:/m)
  })

  test('checkout through the process (smudge) gives files back as committed; required does not trip', async () => {
    const { repo } = await manyManifests(3)
    await identifyForCommit(repo)
    await git(repo, 'add', '.')
    await git(repo, 'commit', '-q', '-m', 'three')
    const file = path.join(repo, 'm/services/s1.yaml')
    await writeFile(file, 'broken\n')
    await git(repo, 'checkout', '--', 'm/services/s1.yaml')
    expect(await readFile(file, 'utf8')).toBe(await git(repo, 'show', 'HEAD:m/services/s1.yaml'))
    expect(await readFile(file, 'utf8')).not.toMatch(/^status:/m)
  })

  test('--check reports the long-running filter working through git', async () => {
    const { repo } = await manyManifests(1)
    const check = await berth(['git', 'setup', '--check', '--dir', path.join(repo, 'm')])
    expect(check.code, check.stdout).toBe(0)
    expect(check.stdout).toMatch(/ok {2}git config filter\.berth-status\.process = .*strip-status --process/)
    expect(check.stdout).toContain(
      'ok  git runs the filter (one process per git command) and stores no status',
    )
    // A broken process command: git fails the probe (required), and --check says so.
    await git(repo, 'config', 'filter.berth-status.process', `${process.execPath} -e "process.exit(3)"`)
    const broken = await berth(['git', 'setup', '--check', '--dir', path.join(repo, 'm')])
    expect(broken.code).toBe(1)
    expect(broken.stdout).toMatch(/missing {2}git could not run the filter/)
  })

  test('a client that breaks the protocol gets one clear line and exit 1, and nothing on stdout', async () => {
    const packet = (line: string) => `${(line.length + 5).toString(16).padStart(4, '0')}${line}\n`
    const cases = [
      {
        input: `${packet('git-filter-client')}${packet('version=1')}0000`,
        says: 'git offers version=1; berth speaks version=2',
      },
      { input: 'zzzz', says: 'bad pkt-line header "zzzz"' },
    ]
    for (const { input, says } of cases) {
      const run = await filterProcess(input)
      expect(run.code).toBe(1)
      expect(run.stderr).toBe(`berth: git filter protocol: ${says}\n`)
      expect(run.stdout).toBe('')
    }
  })
})

/** `berth strip-status --process` as git starts it, fed `input`; its exit code and output. */
function filterProcess(input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(root, 'dist/src/cli/bin.js'), 'strip-status', '--process'],
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
    child.stdin?.end(input)
  })
}
