import fs from 'node:fs/promises'
import { openParseCache, type ParseCache } from '../../cache/parse-cache.js'
import type { LoadedTree } from '../../load/load-tree.js'
import { loadTree } from '../../load/load-tree.js'
import type { Kind } from '../../model/kinds.js'
import type { AnyResource, Resource } from '../../model/resource.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'

/** The options every editing command shares: the global `--dir`/`--registry` and `--no-reconcile`. */
export interface EditOptions {
  dir?: string
  registry?: string[]
  /** False with `--no-reconcile`. */
  reconcile?: boolean
}

/** A manifest directory loaded for editing: valid as a whole, or the command already stopped. */
export interface EditTree {
  readonly dir: string
  readonly tree: LoadedTree
  /** The parse cache the tree loaded through; `writeEdits` records the files it writes. */
  readonly cache: ParseCache
}

/**
 * Loads and validates the whole manifest directory before an edit (files the parse cache
 * holds are not parsed again; `--no-reconcile` leaves the cache as it was). Any problem — a file that
 * does not parse or validate, a duplicate — is printed as `file:line:col: message` and stops
 * the command with exit 1 before anything is written.
 */
export async function loadForEdit(app: App, opts: EditOptions): Promise<EditTree> {
  const dir = app.dir(opts)
  const stat = await fs.stat(dir).catch(() => undefined)
  if (!stat?.isDirectory()) throw new CliError(`${dir}: no such manifest directory`)
  // Through the parse cache: an edit in a converged directory parses nothing before it edits.
  // With --no-reconcile the person asked for the edit alone: the cache is read, never written.
  const cache = await openParseCache(dir, app.validator().schemaDigest, {
    readOnly: opts.reconcile === false,
  })
  const tree = await loadTree(dir, app.validator(), undefined, cache.loader(app.validator()))
  if (tree.diagnostics.length > 0) {
    app.reportDiagnostics(dir, tree.diagnostics)
    throw new CliError('invalid manifests; nothing was written')
  }
  return { dir, tree, cache }
}

/** The resource of that kind and name, if the directory has it. */
export function findInTree<K extends Kind>(tree: LoadedTree, kind: K, name: string): Resource<K> | undefined {
  return tree.resources.find((r: AnyResource) => r.kind === kind && r.name === name) as
    | Resource<K>
    | undefined
}
