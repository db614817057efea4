import { findDuplicates } from '../load/duplicates.js'
import type { LoadedFile } from '../load/load-file.js'
import { loadFile } from '../load/load-file.js'
import type { SchemaValidator } from '../load/to-resource.js'
import type { Diagnostic } from '../model/diagnostic.js'
import type { ResourceKey } from '../model/kinds.js'
import { resourceKey } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'
import type { Store } from '../store/store.js'

/** What one batch of file changes did to the desired state. */
export interface TreeUpdate {
  /** Problems in the files of this batch (and duplicates they cause); their last good content stays in force. */
  readonly diagnostics: readonly Diagnostic[]
  /** Files whose last good content changed: candidates for a status write. */
  readonly files: readonly string[]
}

export interface TreeState {
  /** Applies new file contents (`undefined` = the file is gone) to the store. */
  update(changes: readonly { path: string; text: string | undefined }[]): TreeUpdate
  /** Records what berth itself wrote, so the echo of that write is recognised and ignored. */
  wrote(path: string, text: string): void
  /** The last good version of a file, if its bytes on disk are still exactly those. */
  writable(path: string): LoadedFile | undefined
  /** The file a resource lives in. */
  fileOf(key: ResourceKey): string | undefined
  /** Every file with errors right now. */
  invalid(): ReadonlyMap<string, readonly Diagnostic[]>
  /** Every file path known, with the text last seen on disk. */
  seen(): ReadonlyMap<string, string>
}

/**
 * The daemon's picture of the tree: per file, the text last seen on disk and
 * the last content that parsed and validated. A file that stops parsing keeps
 * its last good content in force, so a half-saved edit evicts nothing. Work
 * follows the change: only the keys the changed files define are touched.
 */
export function createTreeState(store: Store, validator: SchemaValidator): TreeState {
  const current = new Map<string, string>()
  const good = new Map<string, LoadedFile>()
  const errors = new Map<string, readonly Diagnostic[]>()
  const definitions = new Map<ResourceKey, Map<string, AnyResource>>()

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
    if (defs.length !== 1 || !only) {
      store.remove(kind, name)
      if (defs.length > 1) diagnostics.push(...findDuplicates(defs).diagnostics)
      return
    }
    store.put(carryOver(only, store.get(kind, name) as AnyResource | undefined))
  }

  return {
    update(changes) {
      const touched = new Set<ResourceKey>()
      const diagnostics: Diagnostic[] = []
      const files: string[] = []
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
        const loaded = loadFile(path, text, validator)
        if (loaded.diagnostics.length > 0) {
          errors.set(path, loaded.diagnostics)
          diagnostics.push(...loaded.diagnostics)
          continue
        }
        errors.delete(path)
        define(last, -1, touched)
        define(loaded, 1, touched)
        good.set(path, loaded)
        files.push(path)
      }
      for (const key of [...touched].sort()) settle(key, diagnostics)
      return { diagnostics, files }
    },
    wrote(path, text) {
      current.set(path, text)
      const loaded = loadFile(path, text, validator)
      if (loaded.diagnostics.length === 0) good.set(path, loaded)
    },
    writable(path) {
      const file = good.get(path)
      return file && current.get(path) === file.text ? file : undefined
    },
    fileOf(key) {
      const defs = definitions.get(key)
      if (defs?.size !== 1) return undefined
      return [...defs.values()][0]?.source.file
    },
    invalid: () => errors,
    seen: () => current,
  }
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
