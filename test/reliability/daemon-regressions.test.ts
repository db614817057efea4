import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { startDaemon } from '../../src/daemon/daemon.js'
import { writeFileAtomic } from '../../src/io/atomic-write.js'
import { KEEP_MS } from '../../src/io/keep-replaced.js'
import type { Kind } from '../../src/model/kinds.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import { createValidator } from '../../src/validate/validator.js'
import { removeStatus } from '../../src/yamledit/replace-status.js'
import { cleanUpAfterEach, startWatch, waitFor } from '../e2e/daemon.js'
import { fixedClock, reconcileDir, tempDir } from '../support/cluster.js'
import { figure, prng, seedFor, sleep, taskIds, withReplicas, writeServiceTree } from './support.js'

/** Bugs the reliability suites found in the daemon, one test each. */
const cleanUp = cleanUpAfterEach()

const converged = (d: string) =>
  waitFor(async () => (await reconcileDir(d)).writes.length === 0, 30_000, 'convergence')

async function started(services: number) {
  const root = cleanUp.dir(tempDir())
  const files = await writeServiceTree(root, services, prng(seedFor(6301)))
  const daemon = cleanUp.daemon(startWatch(root))
  await waitFor(() => daemon.log().includes('watching '), 30_000, 'the first round')
  await converged(root)
  return { root, files, d: daemon }
}

test('regression: an in-place save seen between truncate and write evicted everything the file defines', async () => {
  // An editor saving in place truncates first; a slow one leaves the file empty for a moment,
  // longer than the 50 ms batch gap. The daemon read "no resources": every node was removed and
  // every task moved (new ids). A half-saved edit must evict nothing.
  const { root, files, d } = await started(6)
  const nodes = path.join(root, 'nodes.yaml')
  const ids = await taskIds(root, files)
  const text = await readFile(nodes, 'utf8')
  for (let i = 0; i < 3; i++) {
    await writeFile(nodes, '')
    await sleep(80)
    await writeFile(nodes, text)
    await sleep(400)
  }
  await converged(root)
  expect(d.log()).not.toMatch(/node node\d: removed/)
  expect(await taskIds(root, files)).toEqual(ids)
  // A file that really is emptied still removes what it defined.
  await writeFile(nodes, '')
  await waitFor(() => d.log().includes('node node1: removed'), 10_000, 'the removal')
})

test('regression: a status write owed after a conflict was dropped when the file came back to bytes berth had read', async () => {
  // berth read T and meant to write its status; the person saved U meanwhile, again and again
  // until berth gave up, then went back to T (an undo, a checkout back). The re-read of T looked
  // "unchanged", so the owed write was never retried: a stale status until the 5-minute resync.
  // Deterministic through the daemon's narrow ports: the validator saves U (or T) while berth
  // loads T (or U), so every write meets a conflict; the logger puts T back when berth gives up.
  const root = cleanUp.dir(tempDir())
  const files = await writeServiceTree(root, 1, prng(seedFor(6302)))
  const abs = path.join(root, files[0] as string)
  const base = readFileSync(abs, 'utf8')
  const t = withReplicas(base, 3)
  const u = withReplicas(base, 1)
  const real = createValidator()
  let flipping = false
  let lastSeen = t
  const validator = {
    validate(kind: Kind, value: unknown) {
      const replicas = (value as { spec?: { replicas?: number } }).spec?.replicas
      if (flipping && kind === 'Service') {
        lastSeen = replicas === 3 ? t : u
        writeFileSync(abs, replicas === 3 ? u : t)
      }
      return real.validate(kind, value)
    },
  }
  const lines: string[] = []
  const log = {
    info: (m: string) => void lines.push(m),
    error: (m: string) => void lines.push(m),
    warn: (m: string) => {
      lines.push(m)
      if (m.includes('keeps changing')) {
        flipping = false
        writeFileSync(abs, lastSeen)
      }
    },
  }
  const daemon = await startDaemon({ dir: root, validator, registry: loadRegistry(), clock: fixedClock, log })
  try {
    flipping = true
    writeFileSync(abs, t)
    await waitFor(() => lines.some((l) => l.includes('keeps changing')), 10_000, 'berth giving up')
    await waitFor(async () => (await reconcileDir(root)).writes.length === 0, 5000, 'the owed status write')
    expect(removeStatus(await readFile(abs, 'utf8'))).toBe(removeStatus(lastSeen))
  } finally {
    await daemon.stop()
  }
}, 30_000)

test('regression: an in-place save landing between the conflict check and the rename was overwritten', async () => {
  // writeFileAtomic checked that the file still held what berth read, then renamed its temp file
  // over it. A person's in-place save in between (VS Code, `>`, a script) went into the replaced
  // file and was lost. Now the replaced file keeps a second name and is put back. A person in a
  // child process (real concurrency) saves in place while berth writes status in a tight loop.
  const dir = cleanUp.dir(tempDir())
  const file = path.join(dir, 'race.yaml')
  await writeFile(file, 'spec: 0\n')
  const saves = 800
  // The person saves, waits a moment, and checks that the save is still there (berth may have
  // added status, never taken the spec back).
  const script = `const fs = require('fs'); let lost = 0; let late = 0
    const spec = () => Number(/^spec: (\\d+)/.exec(fs.readFileSync(${JSON.stringify(file)}, 'utf8'))?.[1] ?? -1)
    for (let i = 1; i <= ${saves}; i++) {
      fs.writeFileSync(${JSON.stringify(file)}, 'spec: ' + i + '\\n')
      const until = process.hrtime.bigint() + BigInt(1000000 + (i % 13) * 300000)
      while (process.hrtime.bigint() < until) {}
      if (spec() === i) continue
      // Not there yet: berth puts a save that landed in the file it replaced back as it sees
      // it (at most ${KEEP_MS} ms later). Only a save still missing after that is lost.
      late++
      const deadline = process.hrtime.bigint() + BigInt(${KEEP_MS + 500} * 1000000)
      while (spec() !== i && process.hrtime.bigint() < deadline) {}
      if (spec() !== i) lost++
    }
    console.log(lost + ' ' + late)`
  const person = spawn(process.execPath, ['-e', script])
  let out = ''
  person.stdout.on('data', (d) => {
    out += d
  })
  let running = true
  const done = new Promise((r) => person.on('exit', r)).then(() => {
    running = false
  })
  let written = 0
  while (running) {
    const text = await readFile(file, 'utf8')
    if (!/^spec: \d+\n$/.test(text)) continue
    if ((await writeFileAtomic(file, `${text}status: {n: ${written}}\n`, { expected: text })) === 'written')
      written++
  }
  await done
  const [lost, late] = out.trim().split(' ').map(Number)
  figure('in-place-race', { saves, statusWrites: written, lost, putBackLate: late })
  // Enough writes to race (the count depends on how busy the machine is, never asserted tighter).
  expect(written).toBeGreaterThan(20)
  // Before: 6 of 800 adversarial saves lost. The replaced file is now put back, which closes the
  // window for saves that finish before berth's post-rename check; a save that opened the old
  // file before the rename and writes after that check is still lost (no RENAME_EXCHANGE or
  // mandatory locks in Node). See RELIABILITY.md, "not covered".
  // Now: a save that lands in the replaced file is put back as berth sees it (a file event, at
  // the latest KEEP_MS later); none is lost. See RELIABILITY.md for what can still be lost.
  expect(lost).toBe(0)
  expect((await readdir(dir)).filter((n) => n.includes('.berth-tmp-'))).toEqual([])
}, 60_000)
