import { defineController } from '../../src/runtime/controller.js'
import { sameNamePlugins } from './name-conflicts.js'
import { reconcilePlugin } from './reconcile.js'

/**
 * Plugins follow Nodes (a node added, removed or relabelled can change where a plugin goes)
 * and each other when they share a name (one plugin per name on a node).
 */
export const pluginController = defineController({
  kind: 'Plugin',
  watches: [
    {
      kind: 'Node',
      map: (change, view) => (change.statusOnly ? [] : view.list('Plugin').map((p) => p.name)),
    },
    // Plugins sharing a name share nodes: one added, removed or moved frees or takes nodes.
    {
      kind: 'Plugin',
      map: (change, view) => {
        if (change.statusOnly) return []
        const changed = [change.before, change.after].filter((p) => p !== undefined)
        return [...new Set(changed.flatMap((p) => sameNamePlugins(p, view.list('Plugin'))))]
      },
    },
  ],
  reconcile: reconcilePlugin,
})
