/**
 * Parse only what changed: each valid manifest's loaded form, keyed by its path and the
 * sha256 of its text, kept between runs under the manifest directory's hidden `.berth/`.
 * A cache, never a source of truth: an entry is used only for the exact bytes it was made
 * from, by the same berth and the same CRDs (the version key), so deleting or corrupting
 * it changes speed, never a result. Files with diagnostics are never cached (they are
 * parsed each time, so their errors are reported with positions).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { staleStatusLayout } from '../engine/stale-layout.js'
import { KEEP_STATUSES_FROM_BYTES, loadKeepingStatuses } from '../load/keep-statuses.js'
import type { LoadedFile } from '../load/load-file.js'
import { loadFile } from '../load/load-file.js'
import { writtenStatus } from '../load/task-lines.js'
import type { SchemaValidator } from '../load/to-resource.js'
import { writtenFile } from '../load/written-file.js'
import type { AnyResource } from '../model/resource.js'
import { withSpecDefaults } from '../model/spec-defaults.js'
import { statusPairTexts } from '../yamledit/fold-status.js'
import { readCacheFile, writeCacheFile } from './cache-file.js'

/**
 * Bump when the loaded form changes shape or meaning (what `loadFile` returns for the same
 * text): every existing cache is then ignored once. Resources are stored with the spec as
 * written only (`spec` holds `writtenSpec`); the CRD's defaults are applied again on a hit,
 * so the file stays the size it was. A new validation rule changes meaning too (a file once
 * valid may not be): version 2 came with the mount rules (`src/validate/rules/mounts.ts`).
 */
const CACHE_VERSION = 2

/** Loads one file's text: from the cache when it holds these exact bytes, else by parsing. */
export type FileLoader = (path: string, text: string) => LoadedFile

/** A resource as the cache stores it: the written spec in `spec`, no `writtenSpec`. */
type StoredResource = Omit<AnyResource, 'writtenSpec' | 'spec'> & {
  readonly spec: AnyResource['writtenSpec']
}

interface Entry {
  readonly hash: string
  readonly resources: readonly StoredResource[]
  /** The file's statuses are laid out as berth writes them today (see `staleStatusLayout`). */
  readonly current: boolean
  /**
   * A large file's status pairs, hashed (`statusPairsHash`): when a person edits the rest of
   * it, the next load keeps these statuses instead of parsing them (`loadKeepingStatuses`).
   */
  readonly statuses?: string | undefined
}

export interface ParseCache {
  /** `loadFile` through the cache: a hit costs a hash, a miss a parse (remembered when valid). */
  loader(validator: SchemaValidator): FileLoader
  /**
   * After berth wrote status into files: their new text loads as the old resources with the
   * status berth wrote, so the next run need not parse them (`writtenFile`: unless a
   * write moved a resource's line); `statuses` by `Kind/name`.
   */
  wrote(files: readonly { before: LoadedFile; after: string }[], statusOf: (r: AnyResource) => unknown): void
  /**
   * A file an editing command wrote, as it loads (`editedFile`: its spec edited, its
   * statuses kept without parsing them): the next run loads it from here.
   */
  edited(file: LoadedFile): void
  /**
   * Whether the files as loaded (every path and its bytes, and `inputs`: what else the
   * reconcile reads, such as the plugin catalog) are exactly those a run left converged.
   */
  converged(inputs: string): boolean
  /** Records the files as they are now (after berth's writes) as converged for `inputs`. */
  markConverged(inputs: string): void
  /** Writes the cache back when something changed (a no-op run writes nothing). */
  save(): Promise<void>
  /** Hits and misses so far, for the benchmark. */
  readonly stats: { hits: number; misses: number }
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('base64url')
}

/**
 * The berth that reads and writes the cache: its version, from the package.json above this
 * module (`src/cache/` or `dist/src/cache/`), and the build's id (`dist/build-id`, a digest of
 * what `npm run build` bundled, when there is one). A rebuild from other source, a new
 * validation rule say, never trusts what an older build cached, whatever the version says.
 */
function berthBuild(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  let build = ''
  try {
    build = readFileSync(path.resolve(here, '../..', BUILD_ID_FILE), 'utf8').trim()
  } catch {
    // Not built (the sources run as they are): the version alone.
  }
  for (const up of ['../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(path.resolve(here, up, 'package.json'), 'utf8')) as {
        version?: unknown
      }
      return build ? `${String(pkg.version)}+${build}` : String(pkg.version)
    } catch {
      // Not at this level: try the next.
    }
  }
  return build ? `unknown+${build}` : 'unknown'
}

/** Where `npm run build` writes its id, in `dist/`. */
export const BUILD_ID_FILE = 'build-id'

/**
 * Opens the cache of `dir` for files loaded with a validator of the given schema digest;
 * without a digest (a hand-made validator) nothing is cached. `readOnly`: never written
 * back (reading commands such as `get` and `service ls`).
 */
export async function openParseCache(
  dir: string,
  schemaDigest: string | undefined,
  options: { readOnly?: boolean } = {},
): Promise<ParseCache> {
  const key = `v${CACHE_VERSION}:${berthBuild()}:${schemaDigest ?? ''}`
  const stored = schemaDigest ? await readCacheFile(dir, key) : undefined
  const body = isBody(stored) ? stored : { files: {}, converged: null }
  const entries = new Map<string, Entry>(Object.entries(body.files))
  let convergedDigest = body.converged
  /** The hash of every file loaded (or written) by this run. */
  const hashes = new Map<string, string>()
  const treeDigest = (inputs: string) => {
    const h = createHash('sha256').update(`${inputs}\0`)
    for (const p of [...hashes.keys()].sort()) h.update(`${p}\0${hashes.get(p)}\0`)
    return h.digest('base64url')
  }
  let dirty = false
  const stats = { hits: 0, misses: 0 }
  /** Paths loaded or written by this run: what is saved (files gone since are dropped). */
  const seen = new Set<string>()
  /** `current` is worked out when first needed: a reading command, which never saves, mostly never asks. */
  const remember = (file: LoadedFile, hash: string, current: () => boolean) => {
    // A file with warnings (a foreign status set aside) parses each time, so they are reported again.
    if (!schemaDigest || file.diagnostics.length > 0 || file.warnings.length > 0) return
    entries.set(
      file.path,
      lazyEntry(hash, file.resources.map(toStored), current, () => statusPairsHash(file.text)),
    )
    dirty = true
  }
  /** A large file whose statuses are the bytes the cache knows, the rest edited: loaded keeping them. */
  const keepingStatuses = (
    entry: Entry | undefined,
    filePath: string,
    text: string,
    validator: SchemaValidator,
  ) => {
    if (entry?.statuses === undefined) return undefined
    // The file as the entry knows it; its old text is not kept, and not needed.
    const before = entryFile(filePath, '', entry)
    return loadKeepingStatuses(before, text, validator, (pairs) => hashPairs(pairs) === entry.statuses)
  }
  return {
    stats,
    loader(validator) {
      return (filePath, text) => {
        seen.add(filePath)
        const hash = hashText(text)
        hashes.set(filePath, hash)
        const hit = entries.get(filePath)
        if (hit && hit.hash === hash) {
          stats.hits++
          return entryFile(filePath, text, hit)
        }
        stats.misses++
        const kept = keepingStatuses(hit, filePath, text, validator)
        if (kept) {
          remember(kept, hash, () => kept.statusLayoutCurrent === true)
          return kept
        }
        const loaded = loadFile(filePath, text, validator)
        // Checked once per content, here, rather than by every run that writes nothing.
        remember(loaded, hash, () => !staleStatusLayout(text, statusesInOrder(loaded.resources)))
        return loaded
      }
    },
    wrote(files, statusOf) {
      for (const { before, after } of files) {
        hashes.set(before.path, hashText(after))
        // A status berth did not write is replaced: parse the file next time, to be sure.
        const written = before.warnings.length === 0 ? writtenFile(before, after, statusOf) : undefined
        if (!written) continue
        seen.add(before.path)
        // Written by this berth: in today's layout by construction.
        remember(written, hashText(after), () => true)
      }
    },
    edited(file) {
      const hash = hashText(file.text)
      hashes.set(file.path, hash)
      seen.add(file.path)
      remember(
        file,
        hash,
        () => file.statusLayoutCurrent ?? !staleStatusLayout(file.text, statusesInOrder(file.resources)),
      )
    },
    converged(inputs) {
      return schemaDigest !== undefined && convergedDigest !== null && convergedDigest === treeDigest(inputs)
    },
    markConverged(inputs) {
      const digest = treeDigest(inputs)
      if (digest === convergedDigest) return
      convergedDigest = digest
      dirty = true
    },
    async save() {
      const gone = [...entries.keys()].filter((p) => !seen.has(p))
      if ((!dirty && gone.length === 0) || options.readOnly || !schemaDigest) return
      for (const p of gone) entries.delete(p)
      const out: Body = { files: Object.fromEntries(entries), converged: convergedDigest }
      if (await writeCacheFile(dir, key, out)) dirty = false
    },
  }
}

/** An entry whose `current` is computed on first read (a hit in this run, or saving it), then kept. */
function lazyEntry(
  hash: string,
  resources: readonly StoredResource[],
  isCurrent: () => boolean,
  statusesOf: () => string | undefined,
): Entry {
  let current: boolean | undefined
  let statuses: { hash: string | undefined } | undefined
  return {
    hash,
    resources,
    get current() {
      current ??= isCurrent()
      return current
    },
    get statuses() {
      statuses ??= { hash: statusesOf() }
      return statuses.hash
    },
  }
}

/** A cached file as `loadFile` gives it: its resources, no problems, its layout mark. */
function entryFile(filePath: string, text: string, entry: Entry): LoadedFile {
  return {
    path: filePath,
    text,
    resources: entry.resources.map(fromStored),
    diagnostics: [],
    warnings: [],
    ...(entry.current ? { statusLayoutCurrent: true } : {}),
  }
}

function toStored(resource: AnyResource): StoredResource {
  const { writtenSpec, spec, ...rest } = resource
  return { ...rest, spec: writtenSpec }
}

/** A stored resource as the loader returns it: the CRD's defaults applied to its spec. */
function fromStored(resource: StoredResource): AnyResource {
  return {
    ...resource,
    spec: withSpecDefaults(resource.kind, resource.spec),
    writtenSpec: resource.spec,
  } as AnyResource
}

/** The statuses of a file's documents as berth writes them, in document order, those without one left out. */
function statusesInOrder(resources: readonly AnyResource[]): unknown[] {
  return [...resources]
    .sort((a, b) => a.source.doc - b.source.doc)
    .flatMap((r) => (r.status === undefined ? [] : [writtenStatus(r.kind, r.status)]))
}

/** The cache file's body: each file's entry, and the digest of the last converged tree. */
interface Body {
  readonly files: Record<string, Entry>
  readonly converged: string | null
}

function isBody(value: unknown): value is Body {
  if (value === null || typeof value !== 'object') return false
  const body = value as Partial<Body>
  return (typeof body.converged === 'string' || body.converged === null) && isEntries(body.files)
}

function isEntries(value: unknown): value is Record<string, Entry> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  return Object.values(value).every(
    (e) =>
      e !== null &&
      typeof e === 'object' &&
      typeof (e as Entry).hash === 'string' &&
      typeof (e as Entry).current === 'boolean' &&
      Array.isArray((e as Entry).resources),
  )
}

/** The hash of a large file's status pairs (undefined for a small file, or one the line scan cannot fold). */
function statusPairsHash(text: string): string | undefined {
  if (text.length < KEEP_STATUSES_FROM_BYTES) return undefined
  const pairs = statusPairTexts(text)
  return pairs && hashPairs(pairs)
}

function hashPairs(pairs: readonly string[]): string {
  const h = createHash('sha256')
  for (const pair of pairs) h.update(pair).update('\0')
  return h.digest('base64url')
}
