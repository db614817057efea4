import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Etcd3 } from 'etcd3'
import { commitWrites } from '../src/engine/commit-writes.js'
import { etcdClient } from '../src/etcd/client.js'
import { parseEtcdEndpoint } from '../src/etcd/endpoint.js'
import { createEtcdObjects } from '../src/etcd/etcd-objects.js'
import { startLeading } from '../src/etcd/lead.js'
import { campaign } from '../src/etcd/leader.js'
import { reconcileThrough } from '../src/etcd/reconcile-through.js'
import type { ObjectStore } from '../src/store/contract.js'
import type { BenchEnv } from './env.js'
import { collectingLogger } from './env.js'
import { startEtcd } from './etcd-cluster.js'
import type { Figure } from './figure.js'
import { reconcileDir } from './measure-reconcile.js'
import { runDaemon, statusDesired } from './measure-watch.js'
import { median, now, sleep } from './timing.js'
import { copyTree, listYaml, removeTree } from './tree-files.js'

const REPLICAS = /^ {2}replicas: (\d+)$/m
const NAME = /^ {2}name: (\S+)$/m
const TIMEOUT_MS = 60_000
const SETTLE_MS = 300

/**
 * etcd against the directory, in the same run on the same trees: a cold
 * reconcile (desired state synced into etcd, every status a compare-and-swap,
 * status written into the files too) against the same reconcile on the
 * directory; and one edit's latency, from saving the file to its status being
 * in etcd and in the file, against the directory daemon's edit → file.
 */
export async function measureEtcd(
  env: BenchEnv,
  trees: { source: string; small: string },
  repeats: number,
): Promise<Figure[]> {
  const etcd = await startEtcd(1)
  const client = etcdClient(parseEtcdEndpoint(etcd.url()))
  const copies: string[] = []
  const copy = async (from: string, label: string) => {
    const dir = await copyTree(from, label)
    copies.push(dir)
    return dir
  }
  try {
    // Untimed first run: the one timed after it does not pay for warming up the JIT.
    await reconcileDir(await copy(trees.source, 'etcd-warm'), env)
    const onDir = await reconcileDir(await copy(trees.source, 'etcd-dir'), env)
    const etcdTree = await copy(trees.source, 'etcd-etcd')
    const objects = createEtcdObjects({ client, prefix: '/bench/cold/objects/' })
    const start = now()
    const result = await reconcileThrough(objects, {
      dir: etcdTree,
      validator: env.validator,
      registry: env.registry,
      clock: env.clock,
    })
    const commit = await commitWrites(etcdTree, result.writes)
    const etcdMs = now() - start
    if (commit.failed.length > 0) throw new Error(`etcd cold: writes failed: ${commit.failed[0]?.message}`)
    const count = result.tree.resources.length

    const dirLatency = await directoryLatencies(env, await copy(trees.small, 'etcd-lat-dir'), repeats)
    const etcdLatency = await etcdLatencies(env, client, await copy(trees.small, 'etcd-lat-etcd'), repeats)
    const [dirMs, etcdEditMs] = [median(dirLatency), median(etcdLatency)]
    const files = (await listYaml(trees.small)).length
    return [
      {
        part: 'etcd',
        name: `etcd: cold reconcile, ${count} objects`,
        value: etcdMs,
        unit: 'ms',
        floorName: 'same on the directory',
        floorUnit: 'ms',
        floor: onDir.ms,
        ratio: etcdMs / onDir.ms,
        target: '— (none set)',
        met: undefined,
        details: {
          objectsPerSecondEtcd: Math.round((count / etcdMs) * 1000),
          objectsPerSecondDirectory: Math.round((count / onDir.ms) * 1000),
          reconciles: result.report?.reconciles,
        },
      },
      {
        part: 'etcd',
        name: `etcd: edit → status in etcd and file, ${files} files`,
        value: etcdEditMs,
        unit: 'ms',
        floorName: 'edit → file on the directory',
        floorUnit: 'ms',
        floor: dirMs,
        ratio: etcdEditMs / dirMs,
        target: '— (none set)',
        met: undefined,
        details: { runs: etcdLatency, directoryRuns: dirLatency },
      },
    ]
  } finally {
    client.close()
    await etcd.stop()
    for (const dir of copies) await removeTree(dir)
  }
}

/** A replicated service of a converged tree: its file, name and replicas. */
async function pickService(dir: string) {
  for (const rel of (await listYaml(dir)).filter((f) => f.startsWith('services/'))) {
    const text = await readFile(path.join(dir, rel), 'utf8')
    const replicas = REPLICAS.exec(text)
    const name = NAME.exec(text)
    if (replicas && name && statusDesired(text) !== undefined)
      return { file: path.join(dir, rel), name: name[1] as string, base: Number(replicas[1]) }
  }
  throw new Error(`no replicated service with status in ${dir}`)
}

/** Times `repeats` edits alternating replicas n+1 and n; `landed` says when the status is there. */
async function timeEdits(
  dir: string,
  repeats: number,
  idle: () => Promise<void>,
  landed: (name: string, file: string, want: number) => Promise<boolean>,
) {
  const svc = await pickService(dir)
  const runs: number[] = []
  for (let k = 0; k < repeats; k++) {
    await sleep(SETTLE_MS)
    await idle()
    const want = k % 2 === 0 ? svc.base + 1 : svc.base
    const text = await readFile(svc.file, 'utf8')
    const start = now()
    await writeFile(svc.file, text.replace(REPLICAS, `  replicas: ${want}`))
    while (!(await landed(svc.name, svc.file, want))) {
      if (now() - start > TIMEOUT_MS) throw new Error(`no status for ${svc.name} after ${TIMEOUT_MS} ms`)
      await sleep(1)
    }
    runs.push(now() - start)
  }
  return runs
}

const fileSays = async (file: string, want: number) => statusDesired(await readFile(file, 'utf8')) === want

async function directoryLatencies(env: BenchEnv, dir: string, repeats: number) {
  const running = await runDaemon(env, dir)
  try {
    return await timeEdits(dir, repeats, running.daemon.idle, (_, file, want) => fileSays(file, want))
  } finally {
    await running.daemon.stop()
  }
}

/** The leader's path: a lease and a fenced store, the daemon over etcd's mirror. */
async function etcdLatencies(env: BenchEnv, client: Etcd3, dir: string, repeats: number) {
  const leadership = await campaign(
    { client, key: '/bench/edit/leader', identity: 'bench', ttlSeconds: 15 },
    () => undefined,
    () => false,
  )
  if (!leadership) throw new Error('the benchmark did not get the lease')
  const objects: ObjectStore = createEtcdObjects({
    client,
    prefix: '/bench/edit/objects/',
    fence: () => leadership.fence,
  })
  const log = collectingLogger()
  const leader = await startLeading({
    dir,
    objects,
    validator: env.validator,
    registry: env.registry,
    clock: env.clock,
    log,
    resyncMs: 3_600_000,
    onFenced: (key) => log.error(`benchmark leader fenced on ${key}`),
    onBroken: (error) => log.error(`benchmark leader's watch broke: ${error.message}`),
  })
  try {
    await leader.idle()
    return await timeEdits(dir, repeats, leader.idle, async (name, file, want) => {
      const stored = await objects.get(`Service/${name}`)
      const desired = (stored?.resource.status as { replicas?: { desired?: number } } | undefined)?.replicas
        ?.desired
      return desired === want && (await fileSays(file, want))
    })
  } finally {
    await leader.stop()
    await leadership.resign()
  }
}
