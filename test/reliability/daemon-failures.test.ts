import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { startDaemon } from '../../src/daemon/daemon.js'
import type { Kind } from '../../src/model/kinds.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import { createValidator } from '../../src/validate/validator.js'
import { cleanUpAfterEach, startWatch, waitFor } from '../e2e/daemon.js'
import { fixedClock, reconcileDir, tempDir } from '../support/cluster.js'
import { parseStrict, prng, seedFor, sleep, tempLeftovers, writeServiceTree } from './support.js'

/**
 * The daemon itself: a round that throws never leaves later rounds silently
 * stopped, and SIGTERM/SIGINT at any moment — the start-up reconcile
 * included — lets in-flight writes finish, leaves no temp file, and exits 0.
 */
const cleanUp = cleanUpAfterEach()

/** A validator (the loader's narrow port) that throws while `failing()` says so: a bug in a round. */
function flakyValidator(failing: () => boolean) {
  const real = createValidator()
  let thrown = 0
  return {
    thrown: () => thrown,
    validate(kind: Kind, value: unknown) {
      if (failing()) {
        thrown++
        throw new Error('boom: a bug in a round')
      }
      return real.validate(kind, value)
    },
  }
}

const logTo = (lines: string[]) => ({
  info: (m: string) => void lines.push(m),
  warn: (m: string) => void lines.push(m),
  error: (m: string) => void lines.push(m),
})

test('a round that throws is logged and retried: the edit it was about still lands', async () => {
  const root = cleanUp.dir(tempDir())
  const [file] = await writeServiceTree(root, 1, prng(seedFor(7201)))
  const abs = path.join(root, file as string)
  let fail = false
  const validator = flakyValidator(() => fail)
  const lines: string[] = []
  const d = await startDaemon({
    dir: root,
    validator,
    registry: loadRegistry(),
    clock: fixedClock,
    log: logTo(lines),
    roundRetryMs: 20,
  })
  try {
    await waitFor(async () => (await reconcileDir(root)).writes.length === 0, 10_000, 'the first round')
    fail = true
    await writeFile(abs, (await readFile(abs, 'utf8')).replace(/replicas: \d+/, 'replicas: 4'))
    await waitFor(() => validator.thrown() >= 2, 10_000, 'two failed rounds')
    expect(lines.filter((l) => l.startsWith('round failed: Error: boom')).length).toBeGreaterThanOrEqual(2)
    fail = false
    await waitFor(async () => (await reconcileDir(root)).writes.length === 0, 10_000, 'the owed round')
    const [doc] = (await parseStrict(abs)) as { status: { replicas: { desired: number } } }[]
    expect(doc?.status.replicas.desired).toBe(4)
  } finally {
    await d.stop()
  }
})

test('rounds that keep throwing end the daemon with onFatal, so a supervisor restarts it', async () => {
  const root = cleanUp.dir(tempDir())
  const [file] = await writeServiceTree(root, 1, prng(seedFor(7202)))
  const abs = path.join(root, file as string)
  let fail = false
  const lines: string[] = []
  let fatal: Error | undefined
  const d = await startDaemon({
    dir: root,
    validator: flakyValidator(() => fail),
    registry: loadRegistry(),
    clock: fixedClock,
    log: logTo(lines),
    roundRetryMs: 5,
    onFatal: (error) => {
      fatal = error
    },
  })
  try {
    fail = true
    await writeFile(abs, (await readFile(abs, 'utf8')).replace(/replicas: \d+/, 'replicas: 2'))
    await waitFor(() => fatal, 10_000, 'the fatal error')
    expect(fatal?.message).toBe('boom: a bug in a round')
    expect(lines).toContain('5 rounds in a row failed; stopping so that a supervisor can restart berth')
  } finally {
    await d.stop()
  }
})

test('SIGTERM and SIGINT at any moment, start-up reconcile included: exit 0, no temp file, every file whole', async () => {
  const root = cleanUp.dir(tempDir())
  const rng = prng(seedFor(7203))
  const files = await writeServiceTree(root, 150, rng)
  const moments: number[] = []
  for (let round = 0; round < 6; round++) {
    const signal = round % 2 === 0 ? 'SIGTERM' : 'SIGINT'
    const d = cleanUp.daemon(startWatch(root))
    // Half the rounds signal as soon as berth says anything (the start-up scan and its writes).
    if (round < 3)
      await waitFor(() => d.log().length > 0 || d.child.exitCode !== null, 30_000, 'first output')
    else await waitFor(() => d.log().includes('watching '), 30_000, 'the first round')
    const at = rng.int(0, 300)
    moments.push(at)
    await sleep(at)
    const code = await d.stop(signal)
    expect(code, `${signal} after ${at} ms: ${d.log()}`).toBe(0)
    expect(d.log()).toContain(`${signal}: finishing in-flight writes and stopping`)
    expect(await tempLeftovers(root)).toEqual([])
    for (const f of files) await parseStrict(path.join(root, f))
    // Let the next start find some statuses missing again.
    if (round === 2)
      for (const f of files.slice(0, 50))
        await writeFile(
          path.join(root, f),
          await readFile(path.join(root, f), 'utf8').then((t) => t.replace(/\nstatus:[\s\S]*$/, '\n')),
        )
  }
}, 180_000)
