import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Daemon } from '../src/daemon/daemon.js'
import { startDaemon } from '../src/daemon/daemon.js'
import type { BenchEnv } from './env.js'
import { collectingLogger } from './env.js'
import type { Figure } from './figure.js'
import { median, now, sleep } from './timing.js'
import { listYaml } from './tree-files.js'
import { yamlFloor } from './yaml-floor.js'

/** Waiting longer than this for a status means berth never wrote it. */
const TIMEOUT_MS = 60_000
/** Pause between edits, so the echo of berth's own writes has passed. */
const SETTLE_MS = 300

const REPLICAS = /^ {2}replicas: (\d+)$/m

/** `spec.replicas` of a service file, or undefined for a global service. */
const specReplicas = (text: string) => {
  const m = REPLICAS.exec(text)
  return m ? Number(m[1]) : undefined
}
const withReplicas = (text: string, n: number) => text.replace(REPLICAS, `  replicas: ${n}`)

/** `status.replicas.desired` as written into the file. */
export function statusDesired(text: string): number | undefined {
  const at = text.indexOf('\nstatus:')
  if (at === -1) return undefined
  // One line (`replicas: {desired: 3, running: 3}`), or the older block layout.
  const m = /\n {2}replicas:(?: \{desired: (\d+)|\n {4}desired: (\d+))/.exec(text.slice(at))
  return m ? Number(m[1] ?? m[2]) : undefined
}

/** A daemon on a directory, with its start-up time and errors. */
interface RunningDaemon {
  readonly daemon: Daemon
  readonly startMs: number
  readonly errors: string[]
}

export async function runDaemon(env: BenchEnv, dir: string): Promise<RunningDaemon> {
  const log = collectingLogger()
  const start = now()
  const daemon = await startDaemon({
    dir,
    validator: env.validator,
    registry: env.registry,
    clock: env.clock,
    log,
    resyncMs: 3_600_000,
  })
  await daemon.idle()
  return { daemon, startMs: now() - start, errors: log.errors }
}

/** Replicated service files of a tree, in a stable order spread over the tree. */
async function serviceFiles(dir: string): Promise<string[]> {
  const files = (await listYaml(dir)).filter((f) => f.startsWith('services/'))
  const out: string[] = []
  for (const f of files) {
    const text = await readFile(path.join(dir, f), 'utf8')
    if (specReplicas(text) !== undefined && statusDesired(text) !== undefined) out.push(f)
  }
  return out
}

/** Polls a file until its status says `desired`; returns when it did. */
async function waitForDesired(file: string, desired: number, pollMs: number): Promise<number> {
  const deadline = now() + TIMEOUT_MS
  for (;;) {
    const text = await readFile(file, 'utf8')
    if (statusDesired(text) === desired) return now()
    if (now() > deadline) throw new Error(`no status desired=${desired} in ${file} after ${TIMEOUT_MS} ms`)
    await sleep(pollMs)
  }
}

/**
 * Median latency from saving one service file (a new `replicas`) to its new
 * status being in the file, over `repeats` edits that alternate n+1 and n.
 */
async function editLatencies(running: RunningDaemon, dir: string, repeats: number): Promise<number[]> {
  const files = await serviceFiles(dir)
  const rel = files[Math.floor(files.length / 2)]
  if (!rel) throw new Error(`no replicated service file with status in ${dir}`)
  const file = path.join(dir, rel)
  const base = specReplicas(await readFile(file, 'utf8')) ?? 1
  const latencies: number[] = []
  for (let k = 0; k < repeats; k++) {
    await sleep(SETTLE_MS)
    await running.daemon.idle()
    const want = k % 2 === 0 ? base + 1 : base
    const text = await readFile(file, 'utf8')
    const start = now()
    await writeFile(file, withReplicas(text, want))
    const done = await waitForDesired(file, want, 1)
    latencies.push(done - start)
  }
  return latencies
}

/**
 * Watch latency in a small and a large converged tree (each on its own
 * copy); then, with the large tree's daemon still running, the burst.
 */
export async function measureWatch(
  env: BenchEnv,
  trees: { small: string; large: string },
  repeats: number,
  burst: number | undefined,
): Promise<Figure[]> {
  const small = await runDaemon(env, trees.small)
  const smallRuns = await editLatencies(small, trees.small, repeats)
  await small.daemon.stop()
  const large = await runDaemon(env, trees.large)
  const largeRuns = await editLatencies(large, trees.large, repeats)
  const smallMs = median(smallRuns)
  const largeMs = median(largeRuns)
  const burstFigure = burst === undefined ? undefined : await measureBurst(large, trees.large, burst, largeMs)
  await large.daemon.stop()
  const count = async (dir: string) => (await listYaml(dir)).length
  const [smallFiles, largeFiles] = [await count(trees.small), await count(trees.large)]
  return [
    {
      part: 'watch',
      name: `watch: edit → status, ${smallFiles} files`,
      value: smallMs,
      unit: 'ms',
      floorName: 'none (it is the floor below)',
      floorUnit: '',
      floor: undefined,
      ratio: undefined,
      target: '—',
      met: undefined,
      details: { runs: smallRuns, daemonStartMs: small.startMs, errors: small.errors.slice(0, 5) },
    },
    {
      part: 'watch',
      name: `watch: edit → status, ${largeFiles} files`,
      value: largeMs,
      unit: 'ms',
      floorName: `same, ${smallFiles} files`,
      floorUnit: 'ms',
      floor: smallMs,
      ratio: largeMs / smallMs,
      target: '≤ 1.5× floor',
      met: largeMs / smallMs <= 1.5,
      details: { runs: largeRuns, daemonStartMs: large.startMs, errors: large.errors.slice(0, 5) },
    },
    ...(burstFigure ? [burstFigure] : []),
  ]
}

/**
 * A `git pull` rewriting `count` service files at once: time until every one
 * of them has its new status. The floor is one edit's latency in the same
 * tree plus the yaml floor over the rewritten files.
 */
async function measureBurst(
  running: RunningDaemon,
  dir: string,
  count: number,
  single: number,
): Promise<Figure> {
  const all = await serviceFiles(dir)
  const step = Math.max(1, Math.floor(all.length / count))
  const chosen = all.filter((_, i) => i % step === 0).slice(0, count)
  await sleep(SETTLE_MS)
  await running.daemon.idle()
  const texts = await Promise.all(chosen.map((f) => readFile(path.join(dir, f), 'utf8')))
  const wants = texts.map((t) => (specReplicas(t) ?? 1) + 2)
  const start = now()
  await Promise.all(
    chosen.map((f, i) => writeFile(path.join(dir, f), withReplicas(texts[i] ?? '', wants[i] ?? 1))),
  )
  const waiting = new Set(chosen.map((_, i) => i))
  const deadline = start + TIMEOUT_MS
  while (waiting.size > 0) {
    const indexes = [...waiting]
    const read = await Promise.all(indexes.map((i) => readFile(path.join(dir, chosen[i] ?? ''), 'utf8')))
    read.forEach((text, j) => {
      const i = indexes[j] as number
      if (statusDesired(text) === wants[i]) waiting.delete(i)
    })
    if (waiting.size === 0) break
    if (now() > deadline)
      throw new Error(`burst: ${waiting.size} files without new status after ${TIMEOUT_MS} ms`)
    await sleep(10)
  }
  const ms = now() - start
  const floorStart = now()
  await yamlFloor(dir, chosen)
  const yamlMs = now() - floorStart
  const floor = single + yamlMs
  return {
    part: 'burst',
    name: `burst: ${chosen.length} files rewritten at once`,
    value: ms,
    unit: 'ms',
    floorName: 'one edit + yaml floor of the burst',
    floorUnit: 'ms',
    floor,
    ratio: ms / floor,
    target: '— (none set)',
    met: undefined,
    details: { singleEditMs: single, yamlFloorMs: yamlMs, errors: running.errors.slice(0, 5) },
  }
}
