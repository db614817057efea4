import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FILTER_NAME } from './attributes.js'
import { GitError, runProcess } from './git.js'
import type { Repo } from './repo.js'

/** The built `berth` entry point beside this module (dist/src/cli/bin.js). */
export const berthBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/bin.js')

/** Quotes a word for the POSIX shell git runs filters with. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * The clean command: this node and this berth by absolute path, so it works from any working
 * directory and any PATH (git runs it for every matching file it reads from the work tree).
 */
export function cleanCommand(node: string = process.execPath, bin: string = berthBin): string {
  return `${shellQuote(node)} ${shellQuote(bin)} strip-status`
}

/**
 * The long-running filter: one berth for a whole git command (`git add` of thousands of
 * manifests starts one process, not one per file). Gits older than 2.11 ignore it and run
 * the clean command instead.
 */
export function processCommand(node: string = process.execPath, bin: string = berthBin): string {
  return `${cleanCommand(node, bin)} --process`
}

/**
 * The filter's settings. `process` is what git runs; `clean` is the same filter one file per
 * process, for gits without the long-running protocol. `required`: when the command cannot run (berth moved, node
 * upgraded away), git stops with "clean filter 'berth-status' failed" instead of silently
 * committing status into history; `berth git setup` again fixes it.
 */
export function filterSettings(
  command: string = cleanCommand(),
  longRunning: string = processCommand(),
): Record<string, string> {
  return {
    [`filter.${FILTER_NAME}.process`]: longRunning,
    [`filter.${FILTER_NAME}.clean`]: command,
    [`filter.${FILTER_NAME}.smudge`]: 'cat',
    [`filter.${FILTER_NAME}.required`]: 'true',
  }
}

/** Writes the settings into the repository's own config (`.git/config`). */
export async function writeFilterConfig(repo: Repo): Promise<Record<string, string>> {
  const settings = filterSettings()
  for (const [key, value] of Object.entries(settings)) await repo.git.run(['config', '--local', key, value])
  return settings
}

/** One setting as git resolves it (local, global or system); undefined when unset. */
export async function readConfig(repo: Repo, key: string): Promise<string | undefined> {
  try {
    return (await repo.git.run(['config', '--get', key])).trim()
  } catch (error) {
    if (error instanceof GitError && error.exitCode === 1) return undefined
    throw error
  }
}

const PROBE_IN = 'kind: Node # kept\nspec: {}\nstatus:\n  state: ready\n'
const PROBE_OUT = 'kind: Node # kept\nspec: {}\n'

/** Runs a clean command the way git does (`sh -c`) on a small manifest; an explanation when it fails. */
export async function probeCleanCommand(repo: Repo, command: string): Promise<string | undefined> {
  const r = await runProcess('sh', ['-c', command], { cwd: repo.root, env: process.env, input: PROBE_IN })
  if (r.code !== 0) return `the clean filter command failed (exit ${r.code}): ${r.stderr.trim() || command}`
  if (r.stdout.toString('utf8') !== PROBE_OUT)
    return `the clean filter command does not strip status: ${command}`
  return undefined
}

/**
 * Runs the filter as git itself does, through `git hash-object --path` (the long-running
 * process when one is configured), on a small manifest at a path the attributes give the
 * filter; an explanation when what git would store still holds status.
 */
export async function probeThroughGit(repo: Repo, pathname: string): Promise<string | undefined> {
  const hash = (args: string[], input: string) =>
    repo.git.run(['hash-object', '--stdin', ...args], { input }).then((s) => s.trim())
  try {
    const [filtered, expected] = await Promise.all([
      hash([`--path=${pathname}`], PROBE_IN),
      hash(['--no-filters'], PROBE_OUT),
    ])
    return filtered === expected
      ? undefined
      : 'git stores manifests with their status: the filter did not strip it'
  } catch (error) {
    return `git could not run the filter: ${error instanceof GitError ? error.stderr.trim() : (error as Error).message}`
  }
}
