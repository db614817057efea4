import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Figure } from './figure.js'
import { spawnTimed } from './spawn-timed.js'
import { median, now } from './timing.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = path.join(ROOT, 'dist/src/cli/bin.js')
const FLOOR_CHILD = path.join(ROOT, 'dist/bench/io-floor-child.js')
/** A start that takes longer than this is broken, not slow. */
const TIMEOUT_MS = 120_000

/**
 * `berth watch` as a person starts it, on the converged tree: from spawn to its `watching …`
 * line (the tree loaded, reconciled or known converged, and followed), against a fresh
 * process that reads and hashes every file. Alternating, median of `repeat`.
 */
export async function measureDaemonStart(converged: string, repeat: number): Promise<Figure> {
  const env = { ...process.env, NO_COLOR: '1' }
  const runs: number[] = []
  const floorRuns: number[] = []
  let line = ''
  for (let i = 0; i < repeat; i++) {
    const floor = await spawnTimed(process.execPath, [FLOOR_CHILD, converged], { env })
    if (floor.code !== 0) throw new Error(`the I/O floor's process failed: ${floor.stderr}`)
    floorRuns.push(floor.ms)
    const started = await untilWatching(converged, env)
    runs.push(started.ms)
    line = started.line
  }
  const ms = median(runs)
  const floor = median(floorRuns)
  return {
    part: 'daemon',
    name: 'daemon start on the converged tree (`berth watch` to its first line)',
    value: ms,
    unit: 'ms',
    floorName: 'a fresh process reading + sha256 of every file',
    floorUnit: 'ms',
    floor,
    ratio: ms / floor,
    target: '≤ 3× floor',
    met: ms / floor <= 3,
    details: { runs, floorRuns, line },
  }
}

/** Starts `berth watch` on `dir`; resolves when it says it is watching, after stopping it. */
function untilWatching(dir: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; line: string }> {
  return new Promise((resolve, reject) => {
    const start = now()
    const child = spawn(process.execPath, [BIN, 'watch', '--dir', dir], { env })
    let output = ''
    let found: { ms: number; line: string } | undefined
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    const look = (data: Buffer) => {
      output += data
      const line = output.split('\n').find((l) => l.startsWith('watching '))
      if (found || !line) return
      found = { ms: now() - start, line }
      child.kill('SIGTERM')
    }
    child.stdout.on('data', look)
    child.stderr.on('data', look)
    child.on('error', reject)
    child.on('close', () => {
      clearTimeout(timer)
      if (found) resolve(found)
      else reject(new Error(`berth watch never said it was watching: ${output}`))
    })
  })
}
