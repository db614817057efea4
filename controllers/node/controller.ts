import type { Resource } from '../../src/model/resource.js'
import { defineController } from '../../src/runtime/controller.js'
import { reconcileNode } from './reconcile.js'

/** Nodes follow Plugins (what they advertise) and Services (how many tasks they run). */
export const nodeController = defineController({
  kind: 'Node',
  watches: [
    {
      kind: 'Plugin',
      map: (change) => {
        const nodes = (r: unknown) =>
          ((r as Resource<'Plugin'> | undefined)?.status?.nodes ?? []).map((n) => n.node)
        return new Set([...nodes(change.before), ...nodes(change.after)])
      },
    },
    {
      kind: 'Service',
      map: (change) => {
        const nodes = (r: unknown) =>
          ((r as Resource<'Service'> | undefined)?.status?.tasks ?? []).flatMap((t) =>
            t.node ? [t.node] : [],
          )
        return new Set([...nodes(change.before), ...nodes(change.after)])
      },
    },
  ],
  reconcile: reconcileNode,
})
