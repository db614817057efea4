import type { Resource } from '../model/resource.js'
import type { Store } from '../store/store.js'
import { reservationsOf } from './reservations.js'

/** Services another service's change can concern, kept up to date per change. */
export interface ServiceSets {
  /**
   * Replicated services whose recorded status has fewer tasks running than
   * desired. A service with no status yet is not among them: its first
   * reconcile is queued already, by its own arrival.
   */
  readonly waiting: ReadonlySet<string>
  /** Global services that reserve resources: other services' load decides where they fit. */
  readonly globalReserving: ReadonlySet<string>
}

/**
 * Follows Service changes so the service controller's cross-service trigger
 * costs the size of these sets, not a scan of every service per change.
 */
export function createServiceSets(store: Store): ServiceSets {
  const waiting = new Set<string>()
  const globalReserving = new Set<string>()
  const track = (service: Resource<'Service'> | undefined, name: string) => {
    waiting.delete(name)
    globalReserving.delete(name)
    if (!service) return
    if (service.spec.mode === 'global') {
      const { cpus, memory } = reservationsOf(service.spec)
      if (cpus > 0 || memory > 0) globalReserving.add(name)
      return
    }
    const replicas = service.status?.replicas
    if (replicas && replicas.running < replicas.desired) waiting.add(name)
  }
  for (const service of store.list('Service')) track(service, service.name)
  store.subscribe((change) => {
    if (change.kind !== 'Service') return
    const name = (change.after ?? change.before)?.name ?? ''
    track(change.after, name)
  })
  return { waiting, globalReserving }
}
