import type { Resource } from '../../src/model/resource.js'
import { defineController } from '../../src/runtime/controller.js'
import type { Change } from '../../src/store/store.js'
import type { View } from '../../src/view/view.js'
import { reconcileService } from './reconcile.js'

/**
 * Services follow everything they run on. A Node or Plugin change can affect
 * any service that has tasks or waits; Networks and Volumes requeue the
 * services that name them; one service's change frees or takes capacity, so
 * it requeues the services that still wait, and those sharing a node whose
 * capacity is overcommitted.
 */
export const serviceController = defineController({
  kind: 'Service',
  watches: [
    { kind: 'Node', map: (change, view) => (change.statusOnly ? [] : names(view)) },
    { kind: 'Plugin', map: (_change, view) => names(view) },
    {
      kind: 'Network',
      map: (change, view) => using(view, (s) => (s.spec.networks ?? []).includes(nameOf(change))),
    },
    {
      kind: 'Volume',
      map: (change, view) =>
        using(view, (s) => (s.spec.mounts ?? []).some((m) => m.source === nameOf(change))),
    },
    {
      kind: 'Service',
      map: (change, view) =>
        using(view, (s) => s.name !== nameOf(change) && (s.spec.mode === 'global' || waits(s))),
    },
  ],
  reconcile: reconcileService,
})

const names = (view: View) => view.list('Service').map((s) => s.name)
const using = (view: View, test: (s: Resource<'Service'>) => boolean) =>
  view
    .list('Service')
    .filter(test)
    .map((s) => s.name)
/** Fewer tasks run than desired: from the recorded counts, O(1) per service. */
const waits = (s: Resource<'Service'>) =>
  (s.status?.replicas?.running ?? 0) < (s.status?.replicas?.desired ?? 0)
const nameOf = (change: Change) => (change.after ?? change.before)?.name ?? ''
