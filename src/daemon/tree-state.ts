import { findDuplicates } from '../load/duplicates.js'
import { reloadFile } from '../load/keep-statuses.js'
import type { LoadedFile } from '../load/load-file.js'
import { loadFile } from '../load/load-file.js'
import type { SchemaValidator } from '../load/to-resource.js'
import { writtenFile } from '../load/written-file.js'
import type { Diagnostic } from '../model/diagnostic.js'
import type { ResourceKey } from '../model/kinds.js'
import { resourceKey, splitKey } from '../model/kinds.js'
import type { AnyResource, SourceRef } from '../model/resource.js'
import type { Store } from '../store/store.js'

/** What one batch of file changes did to the desired state. */
export interface TreeUpdate {
  /** Problems in the files of this batch (and duplicates they cause); their last good content stays in force. */
  readonly diagnostics: readonly Diagnostic[]
  /** Files whose last good content changed: candidates for a status write. */
  readonly files: readonly string[]
  /** Statuses found that berth did not write (replaced on the next write): never a reason to refuse. */
  readonly warnings: readonly Diagnostic[]
}

export interface TreeState {
  /**
   * Applies new file contents (`undefined` = the file is gone) to the store;
   * `refused` are files read but refused before parsing (too large, binary).
   */
  update(
    changes: readonly { path: string; text: string | undefined }[],
    refused?: readonly Diagnostic[],
  ): TreeUpdate
  /**
   * How `text`, a status write planned from the file's last good version, loads: that
   * version with the statuses the store holds now (what the write spliced in), worked out
   * without parsing; undefined when only a parse can tell (see `writtenFile`).
   */
  spliced(path: string, text: string): LoadedFile | undefined
  /**
   * Records what berth itself wrote, so the echo of that write is recognised and ignored;
   * `loaded` is how it loads (from `spliced`), else the text is parsed.
   */
  wrote(path: string, text: string, loaded?: LoadedFile): void
  /** The last good version of a file, if its bytes on disk are still exactly those. */
  writable(path: string): LoadedFile | undefined
  /** The file a resource lives in. */
  fileOf(key: ResourceKey): string | undefined
  /** Where the first resource of a file's last good version starts: what a line about the file points at. */
  firstSource(path: string): SourceRef | undefined
  /** Every file with errors right now. */
  invalid(): ReadonlyMap<string, readonly Diagnostic[]>
  /**
   * Files that did not load when berth started and have not loaded since: what
   * they define is unknown, so nothing missing from the store counts as deleted.
   */
  unknown(): readonly string[]
  /** `kind/name`s defined more than once right now: the definition in force before stays in force. */
  duplicated(): readonly ResourceKey[]
  /** Every file path known, with the text last seen on disk. */
  seen(): ReadonlyMap<string, string>
}

/**
 * The daemon's picture of the tree: per file, the text last seen on disk and
 * the last content that parsed and validated. A file that stops parsing keeps
 * its last good content in force, so a half-saved edit evicts nothing; a
 * `kind/name` defined twice keeps the definition in force before (at start-up,
 * the first by path). Work follows the change: only the keys the changed
 * files define are touched.
 */
export function createTreeState(
  store: Store,
  validator: SchemaValidator,
  edges: {
    /** Loads one file (the parse cache's loader); default: parse it. */
    readonly load?: (path: string, text: string) => LoadedFile
    /** What the edge adds to a resource before it is stored (a Secret's content digest). */
    readonly observe?: (resource: AnyResource) => AnyResource
  } = {},
): TreeState {
  const load = edges.load ?? ((path: string, text: string) => loadFile(path, text, validator))
  const observe = edges.observe ?? ((resource: AnyResource) => resource)
  const current = new Map<string, string>()
  const good = new Map<string, LoadedFile>()
  const errors = new Map<string, readonly Diagnostic[]>()
  const definitions = new Map<ResourceKey, Map<string, AnyResource>>()
  /** Files that did not load in the first update: unknown until they load or go. */
  let unknownAtStart: Set<string> | undefined

  const define = (file: LoadedFile | undefined, sign: 1 | -1, touched: Set<ResourceKey>) => {
    for (const r of file?.resources ?? []) {
      const key = resourceKey(r.kind, r.name)
      touched.add(key)
      const defs = definitions.get(key) ?? new Map<string, AnyResource>()
      if (sign > 0) defs.set(`${file?.path}#${r.source.doc}`, r)
      else defs.delete(`${file?.path}#${r.source.doc}`)
      if (defs.size === 0) definitions.delete(key)
      else definitions.set(key, defs)
    }
  }

  const settle = (key: ResourceKey, diagnostics: Diagnostic[]) => {
    const defs = [...(definitions.get(key)?.values() ?? [])]
    const [only] = defs
    const slash = key.indexOf('/')
    const kind = key.slice(0, slash) as AnyResource['kind']
    const name = key.slice(slash + 1)
    const existing = store.get(kind, name) as AnyResource | undefined
    if (!only) {
      store.remove(kind, name)
      return
    }
    if (defs.length > 1) {
      // A copied file is not a reason to drop what runs: the definition in force stays in force.
      diagnostics.push(...findDuplicates(defs).diagnostics)
      const inForce = existing
        ? (defs.find((d) => sameSource(d, existing)) ?? defs.find((d) => sameFile(d, existing)))
        : only
      if (inForce) store.put(observe(carryOver(inForce, existing)))
      return
    }
    store.put(observe(carryOver(only, existing)))
  }

  return {
    update(changes, refused = []) {
      const touched = new Set<ResourceKey>()
      const diagnostics: Diagnostic[] = []
      const warnings: Diagnostic[] = []
      const files: string[] = []
      for (const d of refused) if (!good.has(d.file)) errors.set(d.file, [d])
      for (const { path, text } of changes) {
        if (text === undefined) {
          current.delete(path)
          errors.delete(path)
          define(good.get(path), -1, touched)
          good.delete(path)
          continue
        }
        current.set(path, text)
        const last = good.get(path)
        if (last?.text === text) {
          errors.delete(path)
          continue
        }
        // A person's edit of a large file, its statuses untouched: they are not parsed again.
        const loaded = (last && reloadFile(last, text, validator)) || load(path, text)
        if (loaded.diagnostics.length > 0) {
          errors.set(path, loaded.diagnostics)
          diagnostics.push(...loaded.diagnostics)
          continue
        }
        errors.delete(path)
        warnings.push(...loaded.warnings)
        define(last, -1, touched)
        define(loaded, 1, touched)
        good.set(path, loaded)
        files.push(path)
      }
      for (const key of [...touched].sort()) settle(key, diagnostics)
      unknownAtStart ??= new Set([...errors.keys()].filter((p) => !good.has(p)))
      return { diagnostics, files, warnings }
    },
    spliced(path, text) {
      const before = good.get(path)
      return before && writtenFile(before, text, (r) => statusInForce(store, r) ?? r.status)
    },
    wrote(path, text, known) {
      current.set(path, text)
      const loaded = known ?? loadFile(path, text, validator)
      if (loaded.diagnostics.length === 0) good.set(path, loaded)
    },
    writable(path) {
      const file = good.get(path)
      return file && current.get(path) === file.text ? file : undefined
    },
    fileOf(key) {
      const { kind, name } = splitKey(key)
      return store.get(kind, name)?.source.file
    },
    firstSource: (path) => good.get(path)?.resources[0]?.source,
    invalid: () => errors,
    duplicated: () => [...definitions].flatMap(([key, defs]) => (defs.size > 1 ? [key] : [])).sort(),
    unknown: () => [...(unknownAtStart ?? [])].filter((p) => errors.has(p) && !good.has(p)).sort(),
    seen: () => current,
  }
}

/** The status the store holds for the resource a file defines, when that definition is the one in force. */
function statusInForce(store: Store, loaded: AnyResource): AnyResource['status'] {
  const current = store.get(loaded.kind, loaded.name) as AnyResource | undefined
  return current && sameSource(current, loaded) ? current.status : undefined
}

function sameFile(a: AnyResource, b: AnyResource): boolean {
  return a.source.file === b.source.file
}

function sameSource(a: AnyResource, b: AnyResource): boolean {
  return sameFile(a, b) && a.source.doc === b.source.doc
}

/**
 * Berth owns status: a resource re-read from its file keeps the status and
 * generation berth holds, and the generation moves on when the spec changed.
 */
export function carryOver(loaded: AnyResource, existing: AnyResource | undefined): AnyResource {
  if (!existing) return loaded
  const generation = existing.specDigest === loaded.specDigest ? existing.generation : existing.generation + 1
  return { ...loaded, status: existing.status ?? loaded.status, generation } as AnyResource
}
