import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { removeStatus } from '../../src/yamledit/replace-status.js'
import type { RunningDaemon } from '../e2e/daemon.js'
import { startWatch, waitFor } from '../e2e/daemon.js'
import { reconcileDir, tempDir } from '../support/cluster.js'
import {
  figure,
  prng,
  rssKiB,
  SOAK,
  scaled,
  seedFor,
  sleep,
  withReplicas,
  writeServiceTree,
} from './support.js'

/**
 * Issue 6 §6: an edit storm against the daemon converges to exactly the final
 * specs, and the daemon's memory stays flat from storm to storm (no leak per
 * event). `BERTH_SOAK` runs more and longer storms.
 */
const FILES = 100
const EDITS = 10_000
/** A warm-up storm, then the 10,000-edit storm; the soak runs more, longer storms. */
const STORMS = SOAK > 0 ? Array.from({ length: 6 * SOAK }, () => EDITS) : [2000, EDITS]
const STORM_MS = scaled(5000, 60_000)
const rng = prng(seedFor(6601))
const stats = {
  files: FILES + 1,
  storms: 0,
  edits: 0,
  stormMs: [] as number[],
  convergeMs: [] as number[],
  rssKiB: [] as number[],
  lostEdits: 0,
}
afterAll(() => figure('load-storm', stats))

describe('load', () => {
  test(
    `storms of ${EDITS} edits converge to exactly the final specs; RSS stays flat`,
    async () => {
      const dir = tempDir()
      let daemon: RunningDaemon | undefined
      try {
        const files = await writeServiceTree(dir, FILES, rng)
        daemon = startWatch(dir)
        await waitFor(() => daemon?.log().includes('watching '), 30_000, 'the first round')
        const pid = daemon.child.pid as number
        stats.rssKiB.push(rssKiB(pid))
        // In memory, the person's current text of each file: the storm writes without reading back.
        const texts = new Map<string, string>()
        for (const f of files) texts.set(f, await readFile(path.join(dir, f), 'utf8'))
        for (const edits of STORMS) {
          const t0 = Date.now()
          const perBurst = Math.ceil(EDITS / (STORM_MS / 10))
          for (let i = 0; i < edits; i++) {
            const f = rng.pick(files)
            // Re-read now and then so berth's status stays in what the person writes back.
            const base = i % 7 === 0 ? await readFile(path.join(dir, f), 'utf8') : (texts.get(f) as string)
            const next = withReplicas(base, rng.int(0, 4))
            await writeFile(path.join(dir, f), next)
            texts.set(f, next)
            if (i % perBurst === 0) await sleep(10)
          }
          stats.stormMs.push(Date.now() - t0)
          stats.edits += edits
          const c0 = Date.now()
          await waitFor(async () => (await reconcileDir(dir)).writes.length === 0, 120_000, 'convergence')
          stats.convergeMs.push(Date.now() - c0)
          // The final spec of every file, byte for byte outside status. A save racing berth's rename
          // in the few microseconds after its last check can still be lost (RELIABILITY.md, "not
          // covered"); such files are counted, and must stay rare.
          const lost: string[] = []
          for (const f of files)
            if (
              removeStatus(await readFile(path.join(dir, f), 'utf8')) !== removeStatus(texts.get(f) as string)
            )
              lost.push(f)
          stats.lostEdits += lost.length
          expect(lost.length, `lost final edits: ${lost.join(', ')}`).toBeLessThanOrEqual(1)
          for (const f of lost) {
            await writeFile(path.join(dir, f), texts.get(f) as string)
            await waitFor(async () => (await reconcileDir(dir)).writes.length === 0, 30_000, 'convergence')
          }
          // Every service runs exactly what its final spec asks for.
          const check = await reconcileDir(dir)
          for (const s of check.store.list('Service'))
            expect(s.status?.replicas?.running, s.name).toBe(s.spec.replicas ?? 1)
          ;(globalThis as { gc?: () => void }).gc?.()
          await sleep(500)
          stats.rssKiB.push(rssKiB(pid))
          stats.storms++
          for (const f of files) texts.set(f, await readFile(path.join(dir, f), 'utf8'))
        }
        // Flat: the last storm costs no more resident memory than the first (generous: +64 MiB).
        const [, afterFirst] = stats.rssKiB as [number, number]
        const last = stats.rssKiB[stats.rssKiB.length - 1] as number
        expect(last).toBeLessThan(afterFirst + 64 * 1024)
        expect(daemon.child.exitCode).toBeNull()
        expect(await daemon.stop('SIGTERM')).toBe(0)
        daemon = undefined
      } finally {
        if (daemon && daemon.child.exitCode === null) await daemon.stop('SIGKILL')
        await rm(dir, { recursive: true, force: true })
      }
    },
    scaled(120_000, 3_600_000),
  )
})
