import type { Resource } from '../../src/model/resource.js'
import { defineController } from '../../src/runtime/controller.js'
import { nodesWithMovedTasks } from '../../src/view/moved-tasks.js'
import { reconcileNode } from './reconcile.js'

/** Nodes follow Plugins (what they advertise) and Services (how many tasks they run). */
export const nodeController = defineController({
  kind: 'Node',
  watches: [
    {
      kind: 'Plugin',
      map: (change) => {
        const nodes = (r: Resource<'Plugin'> | undefined) => (r?.status?.nodes ?? []).map((n) => n.node)
        return new Set([...nodes(change.before), ...nodes(change.after)])
      },
    },
    {
      kind: 'Service',
      // Only the nodes whose count of running tasks changed.
      map: (change) => nodesWithMovedTasks(change),
    },
  ],
  reconcile: reconcileNode,
})
