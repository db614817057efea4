import { defineController } from '../../src/runtime/controller.js'
import { reconcilePlugin } from './reconcile.js'

/** Plugins follow Nodes: a node added, removed or relabelled can change where a plugin goes. */
export const pluginController = defineController({
  kind: 'Plugin',
  watches: [
    {
      kind: 'Node',
      map: (change, view) => (change.statusOnly ? [] : view.list('Plugin').map((p) => p.name)),
    },
  ],
  reconcile: reconcilePlugin,
})
