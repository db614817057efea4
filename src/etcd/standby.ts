import type { Logger } from '../daemon/logger.js'
import { createPlaces } from '../daemon/places.js'
import { commitWrites } from '../engine/commit-writes.js'
import { storeOf } from '../engine/load-only.js'
import { planWrites } from '../engine/plan-writes.js'
import { readTree } from '../io/read-tree.js'
import type { LoadedFile } from '../load/load-file.js'
import { loadFile } from '../load/load-file.js'
import { combineFiles } from '../load/load-tree.js'
import type { SchemaValidator } from '../load/to-resource.js'
import type { AnyResource } from '../model/resource.js'
import type { ObjectStore } from '../store/contract.js'
import type { Mirror } from '../store/mirror.js'
import { openMirror } from '../store/mirror.js'
import type { ReadStore } from '../store/store.js'

export interface StandbyOptions {
  readonly dir: string
  readonly objects: ObjectStore
  readonly validator: SchemaValidator
  readonly log: Logger
}

export interface Standby {
  /** Resolves when the checkout holds every status etcd held when it was called. */
  idle(): Promise<void>
  stop(): Promise<void>
}

/**
 * A standby instance: it reconciles nothing and writes nothing to etcd, but
 * follows it, and keeps its own checkout's status what etcd says, so every
 * checkout shows the cluster as it is and a failover loses no status.
 */
export async function startStandby(options: StandbyOptions): Promise<Standby> {
  let dirty = true
  let running: Promise<void> = Promise.resolve()
  let stopping = false
  let mirror: Mirror | undefined
  const load = checkoutLoader(options.dir, options.validator)
  const kick = () => {
    dirty = true
    running = running.then(async () => {
      while (dirty && !stopping && mirror) {
        dirty = false
        try {
          await writeCheckout(options, mirror, load)
        } catch (error) {
          options.log.error(`standby: writing status from etcd: ${(error as Error).message}`)
        }
      }
    })
    return running
  }
  const open = async (): Promise<Mirror> =>
    openMirror(options.objects, {
      mode: 'read',
      onRemote: () => void kick(),
      // A watch etcd will not resume (its history compacted away): list again and go on.
      onBroken: (error) => {
        options.log.warn(`standby: the watch on etcd broke (${error.message}); reading etcd again`)
        const stale = mirror
        void open()
          .then(async (fresh) => {
            mirror = fresh
            await stale?.close()
            await kick()
          })
          .catch((e: Error) => options.log.error(`standby: cannot read etcd: ${e.message}`))
      },
    })
  mirror = await open()
  await kick()
  return {
    idle: () => kick(),
    async stop() {
      stopping = true
      await running
      await mirror?.close()
    },
  }
}

/**
 * The checkout as loaded files, kept between passes: every pass reads the
 * files (bytes only) and parses again only those whose text changed.
 */
function checkoutLoader(dir: string, validator: SchemaValidator) {
  const cache = new Map<string, LoadedFile>()
  return async () => {
    const read = await readTree(dir)
    const files = read.files.map((f) => {
      const cached = cache.get(f.path)
      if (cached?.text === f.text) return cached
      const loaded = loadFile(f.path, f.text, validator)
      cache.set(f.path, loaded)
      return loaded
    })
    const present = new Set(read.files.map((f) => f.path))
    for (const path of cache.keys()) if (!present.has(path)) cache.delete(path)
    return combineFiles(files, read.diagnostics)
  }
}

/** Writes etcd's status into each document of the checkout that is behind, touching nothing else. */
async function writeCheckout(
  options: StandbyOptions,
  mirror: Mirror,
  load: ReturnType<typeof checkoutLoader>,
): Promise<void> {
  const tree = await load()
  const local = withStatusFrom(tree.resources, mirror.store)
  const { writes, unwritable } = planWrites(tree.files, local)
  // Each file named as the daemon names it: `/dir/file.yaml:line:col`, at its first resource.
  const firstSource = (file: string) => tree.files.find((f) => f.path === file)?.resources[0]?.source
  const places = createPlaces(options.dir, local, { firstSource })
  const commit = await commitWrites(options.dir, writes)
  for (const f of [...unwritable, ...commit.failed])
    options.log.error(`${places.ofFile(f.path)}: cannot write status: ${f.message}`)
  if (commit.written.length > 0)
    options.log.info(`standby: wrote the status from etcd into ${commit.written.length} files`, {
      files: commit.written,
    })
}

/** The checkout's resources, each with the status etcd holds for its kind and name. */
function withStatusFrom(resources: readonly AnyResource[], remote: ReadStore) {
  return storeOf(
    resources.map((r) => ({ ...r, status: remote.get(r.kind, r.name)?.status ?? r.status }) as AnyResource),
  ).store
}
