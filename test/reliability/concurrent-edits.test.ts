import { execFile } from 'node:child_process'
import { readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'
import { removeStatus } from '../../src/yamledit/replace-status.js'
import { cleanUpAfterEach, startWatch, waitFor } from '../e2e/daemon.js'
import { reconcileDir, tempDir } from '../support/cluster.js'
import {
  figure,
  parseStrict,
  prng,
  scaled,
  seedFor,
  serviceText,
  sleep,
  withReplicas,
  writeServiceTree,
} from './support.js'

/**
 * Issue 6 §2: a person saving while berth writes status — in place, by
 * rename (vim, VS Code's safe write), or by a `git checkout` — never loses an
 * edit: after convergence the file holds the last spec byte for byte.
 */
const run = promisify(execFile)
const git = (dir: string, ...args: string[]) =>
  run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir })

const stats = {
  inPlace: 0,
  renamed: 0,
  checkouts: 0,
  filesCheckedOut: 0,
  givingUpLines: 0,
  conflictRounds: 0,
  checkoutsRefusedByGit: 0,
}
afterAll(() => figure('concurrent-edits', stats))

const cleanUp = cleanUpAfterEach()

const converged = (d: string) =>
  waitFor(async () => (await reconcileDir(d)).writes.length === 0, 120_000, 'convergence')

/** Every file holds exactly the person's last spec outside status, and parses. */
async function expectKept(root: string, expected: Map<string, string>): Promise<void> {
  for (const [f, text] of expected) {
    await parseStrict(path.join(root, f))
    expect(removeStatus(await readFile(path.join(root, f), 'utf8')), f).toBe(text)
  }
}

/**
 * `git checkout -f`, run again when git says a file it deleted to rewrite was created meanwhile
 * ("unable to create file …: File exists": berth's status write landed between git's delete and
 * create). Git says so and the person runs it again; what must never happen is a checkout that
 * reports success while berth's write replaced the file it checked out.
 */
async function checkoutAsAPerson(root: string, branch: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await git(root, 'checkout', '-q', '-f', branch)
      return
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? ''
      if (attempt === 5 || !stderr.includes('File exists')) throw error
      stats.checkoutsRefusedByGit++
    }
  }
}

describe('concurrent edits while berth writes status', () => {
  test(
    'in place and by rename, at random moments',
    async () => {
      const rng = prng(seedFor(6201))
      const root = cleanUp.dir(tempDir())
      const files = await writeServiceTree(root, 30, rng)
      const expected = new Map<string, string>()
      const daemon = cleanUp.daemon(startWatch(root))
      await waitFor(() => daemon.log().includes('watching '), 30_000, 'the first round')
      const edits = scaled(180, 4000)
      for (let i = 0; i < edits; i++) {
        const f = rng.pick(files)
        const abs = path.join(root, f)
        const next = withReplicas(await readFile(abs, 'utf8'), rng.int(0, 5))
        if (rng.next() < 0.5) {
          await writeFile(abs, next)
          stats.inPlace++
        } else {
          // vim's and VS Code's safe write: a hidden temp file renamed over the original.
          const temp = path.join(path.dirname(abs), `.${path.basename(abs)}.${i}.tmp`)
          await writeFile(temp, next)
          await rename(temp, abs)
          stats.renamed++
        }
        expected.set(f, removeStatus(next))
        // Mostly right after berth's 50 ms batch, when it writes.
        await sleep(rng.pick([0, 1, 5, 20, 45, 50, 55, 60, 80]))
      }
      await converged(root)
      await expectKept(root, expected)
      stats.givingUpLines += daemon.log().match(/keeps changing while berth writes/g)?.length ?? 0
      expect(await daemon.stop('SIGTERM')).toBe(0)
    },
    // Bounded by events: convergence no longer waits for the 5-minute resync after berth gives
    // up on a file (it looks again after 1 s); this is only a ceiling for a very busy machine.
    scaled(240_000, 900_000),
  )

  test(
    'git checkout of other versions while berth writes status',
    async () => {
      const rng = prng(seedFor(6202))
      const root = cleanUp.dir(tempDir())
      const files = await writeServiceTree(root, 40, rng)
      await git(root, 'init', '-q', '-b', 'main')
      await git(root, 'add', '.')
      await git(root, 'commit', '-q', '-m', 'v1')
      // Branches with other specs (and comments) in every service file.
      const branches = ['main', 'v2', 'v3']
      for (const [b, branch] of branches.slice(1).entries()) {
        await git(root, 'checkout', '-q', '-b', branch, 'main')
        for (const f of files) {
          const name = path.basename(f, '.yaml')
          await writeFile(path.join(root, f), `# on ${branch}\n${serviceText(name, rng.int(0, 3) + b)}`)
        }
        await git(root, 'commit', '-q', '-am', branch)
      }
      await git(root, 'checkout', '-q', 'main')
      const byBranch = new Map<string, Map<string, string>>()
      for (const branch of branches) {
        const m = new Map<string, string>()
        for (const f of files) m.set(f, removeStatus((await git(root, 'show', `${branch}:${f}`)).stdout))
        byBranch.set(branch, m)
      }
      const daemon = cleanUp.daemon(startWatch(root))
      await waitFor(() => daemon.log().includes('watching '), 30_000, 'the first round')
      let current = 'main'
      for (let i = 0; i < scaled(8, 60); i++) {
        // berth's status makes the tree dirty: a person switching versions forces the checkout.
        current = rng.pick(branches.filter((b) => b !== current))
        await checkoutAsAPerson(root, current)
        stats.checkouts++
        stats.filesCheckedOut += files.length
        await sleep(rng.pick([0, 10, 40, 55, 70, 120, 300]))
      }
      await converged(root)
      await expectKept(root, byBranch.get(current) as Map<string, string>)
      expect(await daemon.stop('SIGTERM')).toBe(0)
    },
    scaled(90_000, 900_000),
  )

  test('a file that keeps changing under every write: a clear log line, then the last edit wins', async () => {
    const rng = prng(seedFor(6203))
    const root = cleanUp.dir(tempDir())
    const files = await writeServiceTree(root, 2, rng)
    const abs = path.join(root, files[0] as string)
    const daemon = cleanUp.daemon(startWatch(root))
    await waitFor(() => daemon.log().includes('watching '), 30_000, 'the first round')
    let last = ''
    const until = Date.now() + 4000
    let n = 0
    while (Date.now() < until && !daemon.log().includes('keeps changing while berth writes')) {
      last = withReplicas(await readFile(abs, 'utf8'), (n++ % 4) + 1)
      await writeFile(abs, last)
    }
    stats.conflictRounds = n
    const line = daemon.log().match(/.*keeps changing while berth writes.*/)?.[0]
    figure('conflict-give-up', { writesUntilGiveUp: n, line: line ?? null })
    await converged(root)
    expect(removeStatus(await readFile(abs, 'utf8'))).toBe(removeStatus(last))
    expect(await daemon.stop('SIGTERM')).toBe(0)
  }, 60_000)
})
