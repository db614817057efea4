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
        const nodes = (r: Resource<'Plugin'> | undefined) => (r?.status?.nodes ?? []).map((n) => n.node)
        return new Set([...nodes(change.before), ...nodes(change.after)])
      },
    },
    {
      kind: 'Service',
      // Only the nodes whose count of running tasks changed.
      map: (change) => {
        const counts = new Map<string, number>()
        const add = (r: Resource<'Service'> | undefined, sign: 1 | -1) => {
          for (const t of r?.status?.tasks ?? []) {
            if (t.node && t.desiredState === 'running') counts.set(t.node, (counts.get(t.node) ?? 0) + sign)
          }
        }
        add(change.before, -1)
        add(change.after, 1)
        return [...counts].filter(([, n]) => n !== 0).map(([node]) => node)
      },
    },
  ],
  reconcile: reconcileNode,
})
