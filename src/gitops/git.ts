import { spawn } from 'node:child_process'

/** A git command that exited non-zero (or could not start): what ran, its exit code and what it said. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim()}`)
  }
}

/** Options of one git run. */
export interface RunOptions {
  /** Written to the command's standard input. */
  readonly input?: string | Buffer
  /** Added to the environment. */
  readonly env?: Readonly<Record<string, string>>
}

/** Runs git in one directory. `exclusive` serialises sequences that must not interleave (the index lock). */
export interface Git {
  readonly cwd: string
  /** Standard output as text; throws `GitError` on a non-zero exit. */
  run(args: readonly string[], options?: RunOptions): Promise<string>
  /** Standard output as bytes (blobs). */
  runRaw(args: readonly string[], options?: RunOptions): Promise<Buffer>
  /** Exit code 0 → true, 1 → false (`merge-base --is-ancestor`, `diff --quiet`); anything else throws. */
  test(args: readonly string[]): Promise<boolean>
  /** Runs `work` after every earlier exclusive sequence of this runner has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T>
}

/**
 * Plain, stable git for a program: no pager, no prompts for credentials (a daemon has no
 * terminal), English messages, and no optional locks that would race a person's `git status`.
 */
const BASE_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  LC_ALL: 'C',
  GIT_OPTIONAL_LOCKS: '0',
}

/** A git runner for `cwd` using the `git` on PATH. */
export function createGit(cwd: string, env: NodeJS.ProcessEnv = process.env): Git {
  let queue: Promise<unknown> = Promise.resolve()
  const runRaw = (args: readonly string[], options: RunOptions = {}) =>
    runProcess('git', args, { cwd, env: { ...env, ...BASE_ENV, ...options.env }, input: options.input }).then(
      (r) => {
        if (r.code !== 0) throw new GitError(args, r.code, r.stderr)
        return r.stdout
      },
    )
  return {
    cwd,
    runRaw,
    run: async (args, options) => (await runRaw(args, options)).toString('utf8'),
    async test(args) {
      const r = await runProcess('git', args, { cwd, env: { ...env, ...BASE_ENV }, input: undefined })
      if (r.code === 0 || r.code === 1) return r.code === 0
      throw new GitError(args, r.code, r.stderr)
    },
    exclusive(work) {
      const next = queue.then(work, work)
      queue = next.catch(() => undefined)
      return next
    },
  }
}

/** What a finished process left. `code` is null when it could not start or died of a signal. */
export interface ProcessResult {
  readonly code: number | null
  readonly stdout: Buffer
  readonly stderr: string
}

/** Runs a program without a shell, feeding `input`; never throws, the result says what happened. */
export function runProcess(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input: string | Buffer | undefined },
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(file, [...args], { cwd: options.cwd, env: options.env, stdio: 'pipe' })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    child.stdin.on('error', () => undefined) // a command that does not read its input
    child.on('error', (error) => resolve({ code: null, stdout: Buffer.alloc(0), stderr: error.message }))
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    )
    child.stdin.end(options.input ?? '')
  })
}
