import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp } from '../../src/cli/app.js'
import { run } from '../../src/cli/main.js'

const MANIFESTS = fileURLToPath(new URL('../../manifests', import.meta.url))

/** What one in-process `berth` run printed and returned. */
export interface CliResult {
  readonly code: number
  readonly out: string
  readonly err: string
}

/**
 * Runs berth in-process as a person would from `cwd`, with `SOURCE_DATE_EPOCH` pinned unless
 * `env` says otherwise; what it printed is collected, nothing reaches the terminal. `terminal`
 * makes it print as on one (the progress line); `onErr` sees each stderr chunk as it is printed.
 */
export async function berthInProcess(
  argv: readonly string[],
  options: {
    cwd: string
    env?: NodeJS.ProcessEnv
    terminal?: boolean
    onErr?: (text: string) => void
  },
): Promise<CliResult> {
  let out = ''
  let err = ''
  const io = {
    out: (s: string) => {
      out += s
    },
    err: (s: string) => {
      err += s
      options.onErr?.(s)
    },
    isTTY: options.terminal === true,
  }
  const app = createApp(io, { SOURCE_DATE_EPOCH: '1764324000', ...options.env }, options.cwd)
  const code = await run(argv, app)
  return { code, out, err }
}

/** A temp copy of the demo manifests and a way to run berth over it in-process. */
export interface DemoDir {
  readonly dir: string
  berth(...args: string[]): Promise<CliResult>
  read(file: string): Promise<string>
  edit(file: string, change: (text: string) => string): Promise<void>
  remove(): Promise<void>
}

/** Copies `manifests/` into a temp dir; `reconciled` also runs `berth reconcile` there first. */
export async function demoDir(options: { reconciled: boolean }): Promise<DemoDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-cli-'))
  await cp(MANIFESTS, dir, { recursive: true })
  const berth = (...args: string[]) => berthInProcess([...args, '--dir', dir], { cwd: dir })
  const demo: DemoDir = {
    dir,
    berth,
    read: (file) => readFile(path.join(dir, file), 'utf8'),
    edit: async (file, change) => writeFile(path.join(dir, file), change(await demo.read(file))),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
  if (options.reconciled) {
    const result = await berth('reconcile')
    if (result.code !== 0) throw new Error(`reconcile failed: ${result.err}`)
  }
  return demo
}

/** A table's lines split into cells on runs of 2+ spaces (Docker's padding is 3). */
export function cells(table: string): string[][] {
  return table
    .trimEnd()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/))
}
