import { execFile } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The ```sh blocks of one README section, in order. */
async function shellBlocks(from: string, to: string): Promise<string[]> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf(from), readme.indexOf(to, readme.indexOf(from)))
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')
}

test("the README's way to run berth and its tour work as written: kill %1 stops the daemon with 0", async () => {
  const setup = await shellBlocks('**Running berth.**', '## A 60-second tour')
  const tour = await shellBlocks('## A 60-second tour', '## Commands')
  expect(setup.join('')).toContain('alias berth=')
  expect(tour.join('')).toContain('kill %1')
  const demo = path.join(await mkdtemp(path.join(tmpdir(), 'berth-tour-')), 'demo')
  const script = [
    // An interactive shell's behaviour: aliases and job control (`&`, `%1`).
    'set -m',
    'shopt -s expand_aliases',
    ...setup,
    // The tour as written, on a fresh copy, on a free port (others may hold 9100).
    ...tour.map((block) => block.replaceAll('/tmp/demo', demo).replaceAll('127.0.0.1:9100', '127.0.0.1:0')),
    // By pid, not `%1`: a job that already ended may be gone from the job table (wait %1 → 127),
    // while bash keeps the exit status of the pid `$!` names.
    'wait $!',
    'echo "daemon exit: $?"',
  ].join('\n')
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        'bash',
        ['-c', script],
        { cwd: root, env: { ...process.env, NO_COLOR: '1' } },
        (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
      )
    },
  )
  expect(code, stderr).toBe(0)
  expect(stdout).toMatch(/myservice\s+replicated\s+8\/8/)
  expect(stdout).toContain('daemon exit: 0')
  expect(stderr).toContain('SIGTERM: finishing in-flight writes and stopping')
  // (Whether the broken file is logged before the kill depends on timing: a person types slower.)
}, 120_000)
