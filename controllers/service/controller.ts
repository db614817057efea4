import { portKey, publishedPorts } from '../../src/model/ports.js'
import { CONTENT_FIELDS } from '../../src/model/references.js'
import type { Resource } from '../../src/model/resource.js'
import { defineController } from '../../src/runtime/controller.js'
import type { Change } from '../../src/store/store.js'
import { nodesWithMovedTasks } from '../../src/view/moved-tasks.js'
import type { View } from '../../src/view/view.js'
import { contentInputs } from './content-refs.js'
import { hostPortKeys } from './ports.js'
import { reconcileService } from './reconcile.js'

/**
 * Services follow everything they run on. A Node or Plugin change can affect
 * any service; Networks, Volumes, Secrets and Configs requeue the services that name them; a
 * service that took or freed capacity requeues those whose placement depends
 * on other services' load: the ones still waiting, and global services that
 * reserve resources.
 */
export const serviceController = defineController({
  kind: 'Service',
  watches: [
    { kind: 'Node', map: (change, view) => (change.statusOnly ? [] : names(view)) },
    { kind: 'Plugin', map: (_change, view) => names(view) },
    { kind: 'Network', map: (change, view) => view.servicesNaming('Network', nameOf(change)) },
    { kind: 'Volume', map: (change, view) => view.servicesNaming('Volume', nameOf(change)) },
    ...CONTENT_FIELDS.map(({ kind }) => ({
      kind,
      map: (change: Change, view: View) => view.servicesNaming(kind, nameOf(change)),
    })),
    {
      kind: 'Service',
      map: (change, view) => {
        const self = nameOf(change)
        if (!movedTasks(change))
          return heldPortsChanged(change) ? portNeighbours(change, view).filter((n) => n !== self) : []
        return [
          ...view.services.waiting,
          ...view.services.globalReserving,
          ...portNeighbours(change, view),
        ].filter((n) => n !== self)
      },
    },
  ],
  // A secret's or config's content is part of what a task is made from: a new digest rolls the service.
  reconcile: (service, ctx) => reconcileService(service, ctx, contentInputs(service.spec, ctx.view)),
})

const names = (view: View) => view.list('Service').map((s) => s.name)
const nameOf = (change: Change) => (change.after ?? change.before)?.name ?? ''

/** Whether a change took or freed capacity anywhere: which nodes run how many of its tasks. */
function movedTasks(change: Change<'Service'>): boolean {
  return !change.statusOnly || nodesWithMovedTasks(change).length > 0
}

/**
 * Services a port change concerns: those wanting an ingress port the changed
 * service publishes or published (the holder may have changed), and every
 * service with host ports (a node may have freed up, an ingress port come or gone,
 * or a task of an older template released a port the spec dropped).
 */
function portNeighbours(change: Change<'Service'>, view: View): string[] {
  const { before, after } = change
  const ports = [before, after].flatMap((s) => [
    ...(s ? publishedPorts(s.spec) : []),
    ...(s?.status?.ports ?? []),
  ])
  const tasksHold = [before, after].some((s) => s?.status?.tasks?.some((t) => t.hostPorts))
  if (ports.length === 0 && !tasksHold) return []
  const out = new Set<string>()
  for (const port of ports)
    if (port.mode === 'ingress') for (const s of view.ports.ingressWanted(portKey(port))) out.add(s)
  // Host ports clash with other tasks' host ports and with any ingress port of the same number.
  for (const s of view.list('Service')) if (hostPortKeys(s.spec).length > 0) out.add(s.name)
  return [...out]
}

/** Whether the ports a service holds (its status) changed: another may now take or lose one. */
function heldPortsChanged(change: Change<'Service'>): boolean {
  const ports = (r: Resource<'Service'> | undefined) => JSON.stringify(r?.status?.ports ?? [])
  return ports(change.before) !== ports(change.after)
}
