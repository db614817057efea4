import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Figure } from './figure.js'
import { spawnTimed } from './spawn-timed.js'
import { median } from './timing.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = path.join(ROOT, 'dist/src/cli/bin.js')

/**
 * A command people type: `berth service ls` on the shipped demo, spawn to exit, against
 * `node -e 0` (the cost of starting node at all), alternating, median of `repeat`.
 */
export async function measureStart(repeat: number): Promise<Figure> {
  const env = { ...process.env, NO_COLOR: '1' }
  const floorRuns: number[] = []
  const runs: number[] = []
  for (let i = 0; i < repeat; i++) {
    floorRuns.push((await spawnTimed(process.execPath, ['-e', '0'], { env })).ms)
    const ls = await spawnTimed(
      process.execPath,
      [BIN, 'service', 'ls', '--dir', path.join(ROOT, 'manifests')],
      { env },
    )
    if (ls.code !== 0 || !ls.stdout.includes('myservice'))
      throw new Error(`berth service ls failed: ${ls.stderr}`)
    runs.push(ls.ms)
  }
  const ms = median(runs)
  const floor = median(floorRuns)
  return {
    part: 'start',
    name: '`berth service ls` on the demo',
    value: ms,
    unit: 'ms',
    floorName: 'node -e 0',
    floorUnit: 'ms',
    floor,
    ratio: ms / floor,
    target: '≤ 2× floor',
    met: ms / floor <= 2,
    details: { runs, floorRuns },
  }
}
