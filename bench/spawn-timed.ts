import { spawn } from 'node:child_process'
import { now } from './timing.js'

/** One finished child process: how long it took from spawn to exit, and what it said. */
export interface TimedRun {
  readonly ms: number
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs a program (no shell) and times it from spawn to exit. */
export function spawnTimed(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const start = now()
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ ms: now() - start, code, stdout, stderr }))
  })
}
