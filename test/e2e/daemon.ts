import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/src/cli/bin.js')

/** A `berth watch` child process and what it logged. */
export interface RunningDaemon {
  readonly child: ChildProcess
  log(): string
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export function startWatch(
  dir: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): RunningDaemon {
  const child = spawn(process.execPath, [bin, 'watch', '--dir', dir, ...args], {
    env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1764324000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    log: () => output,
    exited,
    stop(signal = 'SIGTERM') {
      child.kill(signal)
      return exited
    },
  }
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** What a test hands over to be cleaned up after it, each call returning what it was given. */
export interface AfterEachTest {
  daemon(daemon: RunningDaemon): RunningDaemon
  dir(dir: string): string
}

/**
 * Registers an `afterEach` that stops (SIGKILL) the daemon a test started, if it still runs,
 * and removes the temp folder it worked in, whether the test passed or failed.
 */
export function cleanUpAfterEach(): AfterEachTest {
  let daemon: RunningDaemon | undefined
  let dir: string | undefined
  afterEach(async () => {
    if (daemon && daemon.child.exitCode === null) await daemon.stop('SIGKILL')
    daemon = undefined
    if (dir) await rm(dir, { recursive: true, force: true })
    dir = undefined
  })
  return {
    daemon: (started) => {
      daemon = started
      return started
    },
    dir: (created) => {
      dir = created
      return created
    },
  }
}
