import { copyFile, mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Figure } from './figure.js'
import { spawnTimed, type TimedRun } from './spawn-timed.js'
import { median } from './timing.js'
import { listYaml, removeTree } from './tree-files.js'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli/bin.js')

/** git that sees nothing of the machine's own configuration. */
function gitEnv(home: string): NodeJS.ProcessEnv {
  return { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', XDG_CONFIG_HOME: path.join(home, '.config') }
}

async function must(run: Promise<TimedRun>, what: string): Promise<TimedRun> {
  const r = await run
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr}`)
  return r
}

/** A fresh repository holding `files` of the converged tree under `m/`; with berth's filter set up or not. */
async function freshRepo(
  converged: string,
  files: readonly string[],
  filter: boolean,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const repo = await mkdtemp(path.join(tmpdir(), `berth-bench-git-${filter ? 'filter' : 'plain'}-`))
  await must(spawnTimed('git', ['init', '-q'], { cwd: repo, env }), 'git init')
  for (const dir of new Set(files.map((f) => path.dirname(f))))
    await mkdir(path.join(repo, 'm', dir), { recursive: true })
  await Promise.all(files.map((f) => copyFile(path.join(converged, f), path.join(repo, 'm', f))))
  if (filter)
    await must(
      spawnTimed(process.execPath, [BIN, 'git', 'setup', '--dir', path.join(repo, 'm')], { env }),
      'berth git setup',
    )
  return repo
}

/**
 * `git add` of `count` converged manifests (status included) with berth's filter, against
 * the same `git add` without a filter, each in a fresh repository, alternating, median of
 * `repeat`. The filtered index is checked to hold no status.
 */
export async function measureGitAdd(converged: string, count: number, repeat: number): Promise<Figure> {
  const home = await mkdtemp(path.join(tmpdir(), 'berth-bench-git-home-'))
  const env = gitEnv(home)
  const files = (await listYaml(converged)).slice(0, count)
  const plain: number[] = []
  const filtered: number[] = []
  let statusStaged = false
  for (let i = 0; i < repeat; i++) {
    for (const filter of [false, true]) {
      const repo = await freshRepo(converged, files, filter, env)
      const add = await must(spawnTimed('git', ['add', '.'], { cwd: repo, env }), 'git add')
      ;(filter ? filtered : plain).push(add.ms)
      if (filter) {
        const grep = await spawnTimed('git', ['grep', '--cached', '-q', '-e', '^status:', '--', 'm'], {
          cwd: repo,
          env,
        })
        if (grep.code !== 1) statusStaged = true
      }
      await removeTree(repo)
    }
  }
  await removeTree(home)
  const ms = median(filtered)
  const floor = median(plain)
  return {
    part: 'git',
    name: `git add of ${files.length} manifests, berth's filter`,
    value: ms,
    unit: 'ms',
    floorName: 'git add without a filter',
    floorUnit: 'ms',
    floor,
    ratio: ms / floor,
    target: '≤ 2× floor',
    met: !statusStaged && ms / floor <= 2,
    details: { filtered, plain, statusStaged },
  }
}
