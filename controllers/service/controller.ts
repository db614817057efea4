import type { Resource } from '../../src/model/resource.js'
import { defineController } from '../../src/runtime/controller.js'
import type { Change } from '../../src/store/store.js'
import type { View } from '../../src/view/view.js'
import { reconcileService } from './reconcile.js'

/**
 * Services follow everything they run on. A Node or Plugin change can affect
 * any service; Networks and Volumes requeue the services that name them; a
 * service that took or freed capacity requeues those whose placement depends
 * on other services' load: the ones still waiting, and global services that
 * reserve resources.
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
      map: (change, view) => {
        if (!movedTasks(change)) return []
        const self = nameOf(change)
        return [...view.services.waiting, ...view.services.globalReserving].filter((n) => n !== self)
      },
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
const nameOf = (change: Change) => (change.after ?? change.before)?.name ?? ''

/** Whether a change took or freed capacity anywhere: which nodes run how many of its tasks. */
function movedTasks(change: Change): boolean {
  const placement = (r: unknown) =>
    ((r as Resource<'Service'> | undefined)?.status?.tasks ?? [])
      .flatMap((t) => (t.desiredState === 'running' && t.node ? [t.node] : []))
      .sort()
      .join('\n')
  return !change.statusOnly || placement(change.before) !== placement(change.after)
}
