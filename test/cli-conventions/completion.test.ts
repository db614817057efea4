import { execFile } from 'node:child_process'
import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'
import { berth, demoCopy } from '../e2e/berth-cli.js'

const run = promisify(execFile)
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/src/cli/bin.js')

/** A `berth` on PATH, as after an install, and the demo (as $BERTH_DIR) to complete names from. */
let env: NodeJS.ProcessEnv
let script: string
let dir: string
beforeAll(async () => {
  const binDir = await mkdtemp(path.join(tmpdir(), 'berth-bin-'))
  await writeFile(path.join(binDir, 'berth'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`)
  await chmod(path.join(binDir, 'berth'), 0o755)
  env = { ...process.env, PATH: `${binDir}:${process.env.PATH}` }
  script = path.join(binDir, 'berth.bash')
  const result = await berth(['completion', 'bash'])
  expect(result.code).toBe(0)
  await writeFile(script, result.stdout)
  dir = await demoCopy()
})

/** What bash offers after TAB at the end of `line`, through the function `complete` registered. */
async function tab(line: string): Promise<string[]> {
  const words = line.split(' ')
  const program = [
    `source ${JSON.stringify(script)}`,
    // The function `complete -p` names is the one bash would call.
    `fn=$(complete -p berth | sed -E 's/.*-F ([^ ]+) .*/\\1/')`,
    `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE=${JSON.stringify(line)}`,
    `COMP_POINT=${line.length}`,
    '"$fn" berth',
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join('\n')
  const { stdout } = await run('bash', ['-c', program], { env: { ...env, BERTH_DIR: dir } })
  return stdout.split('\n').filter(Boolean)
}

describe('berth completion bash, run by bash', () => {
  test('registers a completion function for berth', async () => {
    const { stdout } = await run('bash', ['-c', `source ${JSON.stringify(script)}; complete -p berth`], {
      env,
    })
    expect(stdout.trim()).toBe('complete -o default -F _berth_complete berth')
  })

  test.each([
    ['berth ge', ['get']],
    ['berth service ', ['ls', 'ps', 'rollback', 'update']],
    ['berth get svc ', ['my-service', 'myservice']],
    ['berth get nodes node', ['node1', 'node2']],
    ['berth get pl ', ['sample-volume-plugin', 'weave2']],
    ['berth describe service myse', ['myservice']],
    ['berth service ps ', ['my-service', 'myservice']],
    ['berth node ps n', ['node1', 'node2']],
    ['berth plugin disable w', ['weave2']],
    ['berth scale mys', ['myservice=']],
    ['berth get svc -o j', ['json', 'jsonpath=']],
    ['berth watch --log-format ', ['text', 'json']],
    ['berth get svc --w', ['--watch']],
    ['berth completion ', ['bash', 'zsh', 'fish']],
    ['berth explain service.spec.pl', ['service.spec.placement']],
    ['berth get vol', ['volumes', 'volume', 'vol']],
  ])('%s⇥ → %j', async (line, expected) => {
    expect((await tab(line)).sort()).toEqual([...expected].sort())
  })

  test('names come from the --dir on the command line', async () => {
    const other = await demoCopy()
    const { code } = await berth(['delete', 'service', 'my-service', '--dir', other])
    expect(code).toBe(0)
    expect(await tab(`berth --dir ${other} get svc `)).toEqual(['myservice'])
  })
})

test('zsh and fish scripts ask the same __complete', async () => {
  for (const shell of ['zsh', 'fish']) {
    const { code, stdout } = await berth(['completion', shell])
    expect(code).toBe(0)
    expect(stdout).toContain('__complete --')
  }
  expect((await berth(['completion', 'tcsh'])).code).toBe(2)
})
