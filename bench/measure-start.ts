import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Figure } from './figure.js'
import { spawnTimed } from './spawn-timed.js'
import { median } from './timing.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = path.join(ROOT, 'dist/src/cli/bin.js')

/**
 * A command people type: `berth service ls` on the shipped demo, spawn to exit, against
 * `node -e 0` (the cost of starting node at all), alternating, median of `repeat`. Twice:
 * on the demo as a fresh clone has it (no parse cache: every file is parsed and validated),
 * and on a copy after one `berth reconcile` (which writes 0 files there but leaves the parse
 * cache, as a person's tree has it from then on).
 */
export async function measureStart(repeat: number): Promise<Figure[]> {
  const env = { ...process.env, NO_COLOR: '1' }
  const copy = mkdtempSync(path.join(tmpdir(), 'berth-bench-start-'))
  try {
    // The demo as a fresh clone has it: without the parse cache a reconcile in the checkout left.
    const demo = path.join(copy, 'fresh')
    cpSync(path.join(ROOT, 'manifests'), demo, {
      recursive: true,
      filter: (f) => path.basename(f) !== '.berth',
    })
    const reconciled = path.join(copy, 'manifests')
    cpSync(demo, reconciled, { recursive: true })
    const converge = await spawnTimed(process.execPath, [BIN, 'reconcile', '--dir', reconciled], { env })
    if (converge.code !== 0 || !converge.stdout.includes(' 0 files written'))
      throw new Error(
        `berth reconcile of the demo's copy did not leave it as it was: ${converge.stdout}${converge.stderr}`,
      )
    const floorRuns: number[] = []
    const runs = { [demo]: [] as number[], [reconciled]: [] as number[] }
    for (let i = 0; i < repeat; i++) {
      floorRuns.push((await spawnTimed(process.execPath, ['-e', '0'], { env })).ms)
      for (const dir of [demo, reconciled]) {
        const ls = await spawnTimed(process.execPath, [BIN, 'service', 'ls', '--dir', dir], { env })
        if (ls.code !== 0 || !ls.stdout.includes('myservice'))
          throw new Error(`berth service ls failed: ${ls.stderr}`)
        runs[dir]?.push(ls.ms)
      }
    }
    const floor = median(floorRuns)
    const figure = (name: string, dirRuns: number[]): Figure => {
      const ms = median(dirRuns)
      return {
        part: 'start',
        name,
        value: ms,
        unit: 'ms',
        floorName: 'node -e 0',
        floorUnit: 'ms',
        floor,
        ratio: ms / floor,
        target: '≤ 2× floor',
        met: ms / floor <= 2,
        details: { runs: dirRuns, floorRuns },
      }
    }
    return [
      figure('`berth service ls` on the demo (fresh clone, no cache)', runs[demo] ?? []),
      figure('`berth service ls` on the demo after a reconcile', runs[reconciled] ?? []),
    ]
  } finally {
    rmSync(copy, { recursive: true, force: true })
  }
}
