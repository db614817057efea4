import { observeContent } from '../io/observe-content.js'
import type { LoadedFile } from '../load/load-file.js'
import type { LoadedTree } from '../load/load-tree.js'
import { loadTree } from '../load/load-tree.js'
import type { SchemaValidator } from '../load/to-resource.js'
import type { Progress } from '../model/progress.js'
import type { Store } from '../store/store.js'
import { createStore } from '../store/store.js'
import type { View } from '../view/view.js'
import { createView } from '../view/view.js'

/**
 * Loads the directory without reconciling: what `get` and friends read. Secrets' and
 * Configs' content is read here, after the parse cache (it never holds a digest). A module of its
 * own, so reading commands start without loading the controllers and the runtime.
 */
export async function loadOnly(options: {
  readonly dir: string
  readonly validator: SchemaValidator
  readonly progress?: Progress
  /** Loads one file (the parse cache's loader); default: parse it. */
  readonly load?: (path: string, text: string) => LoadedFile
}): Promise<{ tree: LoadedTree; store: Store; view: View }> {
  const tree = await loadTree(options.dir, options.validator, options.progress, options.load)
  const store = createStore()
  for (const resource of tree.resources) store.put(observeContent(resource, options.dir))
  return { tree, store, view: createView(store) }
}
