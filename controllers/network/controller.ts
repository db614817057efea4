import { defineController } from '../../src/runtime/controller.js'
import { reconcileNetwork } from './reconcile.js'

/**
 * Networks follow Plugins (their drivers) and Nodes (roles: a plugin driver
 * must be on a manager); a network's change can settle another's subnet
 * overlap, so networks with subnets requeue each other.
 */
export const networkController = defineController({
  kind: 'Network',
  watches: [
    { kind: 'Plugin', map: (_change, view) => view.list('Network').map((n) => n.name) },
    {
      kind: 'Node',
      map: (change, view) => (change.statusOnly ? [] : view.list('Network').map((n) => n.name)),
    },
    {
      kind: 'Network',
      map: (change, view) =>
        view
          .list('Network')
          .filter(
            (n) => n.name !== (change.after ?? change.before)?.name && (n.spec.ipam.config?.length ?? 0) > 0,
          )
          .map((n) => n.name),
    },
  ],
  reconcile: reconcileNetwork,
})
