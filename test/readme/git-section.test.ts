import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The `$ ` commands of the README's git section up to the daemon, which would run forever. */
async function gitCommands(): Promise<string[]> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Berth with git'))
  const blocks = [...section.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')
  const commands = blocks.flatMap((b) =>
    b
      .split('\n')
      .filter((l) => l.startsWith('$ '))
      .map((l) => l.slice(2)),
  )
  return commands.slice(
    0,
    commands.findIndex((c) => c.startsWith('berth watch')),
  )
}

test.each(['master', 'main'])(
  "the git section's commands work when git's default branch is %s",
  async (branch) => {
    const home = await mkdtemp(path.join(tmpdir(), 'berth-readme-git-'))
    // A person's global git config: a name, and the default branch under test.
    await writeFile(
      path.join(home, '.gitconfig'),
      `[user]\n\tname = Pat\n\temail = pat@example.com\n[init]\n\tdefaultBranch = ${branch}\n`,
    )
    const commands = await gitCommands()
    expect(commands[0]).toMatch(/^mkdir cluster/)
    const script = [
      'shopt -s expand_aliases',
      `alias berth="node ${path.join(root, 'dist/src/cli/bin.js')}"`,
      // ~/berth is where the README assumes the checkout is.
      // Each must succeed, but `grep -c` exits 1 when it counts 0 lines, which is the point there.
      ...commands.map((c) => {
        const line = c.replaceAll('~/berth', root)
        return line.includes('grep -c')
          ? line
          : `${line} || { echo "failed: ${line.replaceAll('"', '\\"')}" >&2; exit 1; }`
      }),
      'git -C ../ops rev-parse --abbrev-ref HEAD || git -C ops rev-parse --abbrev-ref HEAD',
    ].join('\n')
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-c', script],
        { cwd: home, env: { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      )
    })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('is set up: git sees the manifests without status')
    expect(result.stdout.trim().split('\n').at(-1)).toBe(branch)
  },
  // git runs berth's clean filter once per manifest: a few seconds each, more on a loaded machine.
  120_000,
)
