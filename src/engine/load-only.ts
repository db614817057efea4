import { observeContent } from '../io/observe-content.js'
import type { LoadedFile } from '../load/load-file.js'
import type { LoadedTree } from '../load/load-tree.js'
import { loadTree } from '../load/load-tree.js'
import type { SchemaValidator } from '../load/to-resource.js'
import type { Progress } from '../model/progress.js'
import type { AnyResource } from '../model/resource.js'
import type { Store } from '../store/store.js'
import { createStore } from '../store/store.js'
import type { View } from '../view/view.js'
import { createView } from '../view/view.js'

export interface LoadOptions {
  readonly dir: string
  readonly validator: SchemaValidator
  readonly progress?: Progress
  /** Loads one file (the parse cache's loader); default: parse it. */
  readonly load?: (path: string, text: string) => LoadedFile
}

/**
 * The directory's desired state: every file loaded, and each Secret's and Config's content
 * looked at (after the parse cache, which never holds a digest), so `tree.resources` is what
 * goes into a store.
 */
export async function loadDesired(options: LoadOptions): Promise<LoadedTree> {
  return observedTree(
    await loadTree(options.dir, options.validator, options.progress, options.load),
    options.dir,
  )
}

/** A loaded tree of `dir` with each Secret's and Config's content looked at: what goes into a store. */
export function observedTree(tree: LoadedTree, dir: string): LoadedTree {
  return { ...tree, resources: tree.resources.map((r) => observeContent(r, dir)) }
}

/** A fresh in-memory store holding `resources`, and the view over it. */
export function storeOf(resources: Iterable<AnyResource>): { store: Store; view: View } {
  const store = createStore()
  for (const resource of resources) store.put(resource)
  return { store, view: createView(store) }
}

/**
 * Loads the directory without reconciling: what `get` and friends read. A module of its
 * own, so reading commands start without loading the controllers and the runtime.
 */
export async function loadOnly(
  options: LoadOptions,
): Promise<{ tree: LoadedTree; store: Store; view: View }> {
  const tree = await loadDesired(options)
  return { tree, ...storeOf(tree.resources) }
}
