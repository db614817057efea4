import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { DaemonObserver, RoundEvent } from '../daemon/observer.js'
import { KINDS } from '../model/kinds.js'
import type { AnyResource } from '../model/resource.js'
import type { ReadStore } from '../store/store.js'

/**
 * Reconciles are pure and mostly sub-millisecond; a cold reconcile of a large
 * service can take a second. Buckets from 100 µs to 10 s, as Flux's
 * `gotk_reconcile_duration_seconds` spans its range.
 */
const DURATION_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
]
const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const

export interface Metrics {
  readonly registry: Registry
  /** The hooks that feed the metrics from the daemon. */
  readonly observer: Required<DaemonObserver>
  /** The text a scrape of `/metrics` returns, and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>
}

/**
 * The daemon's Prometheus metrics, in a registry of its own (two daemons in
 * one process do not mix): counters and the duration histogram follow the
 * events; replicas, conditions and watched files are read from the last
 * round's state at scrape time.
 */
export function createMetrics(version: string): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  let last: RoundEvent | undefined
  const reconciles = new Counter({
    name: 'berth_reconcile_total',
    help: 'Reconciles per controller and result (success, error, requeue).',
    labelNames: ['controller', 'result'] as const,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'berth_reconcile_duration_seconds',
    help: 'How long one reconcile took, per controller.',
    labelNames: ['controller'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  })
  const depth = new Gauge({
    name: 'berth_workqueue_depth',
    help: 'Keys waiting in the work queue per controller after the last round (delayed retries included).',
    labelNames: ['controller'] as const,
    registers: [registry],
  })
  const writes = new Counter({
    name: 'berth_file_writes_total',
    help: 'Status writes into manifest files by result (written, conflict: re-read instead, failed).',
    labelNames: ['result'] as const,
    registers: [registry],
  })
  for (const kind of KINDS) {
    depth.set({ controller: kind }, 0)
    for (const result of ['success', 'error', 'requeue']) reconciles.inc({ controller: kind, result }, 0)
  }
  for (const result of ['written', 'conflict', 'failed']) writes.inc({ result }, 0)
  new Gauge({
    name: 'berth_service_replicas',
    help: 'Tasks per service: desired, running, and pending (placed nowhere yet).',
    labelNames: ['service', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const service of last?.store.list('Service') ?? []) {
        for (const [state, n] of Object.entries(replicaCounts(service)))
          this.set({ service: service.name, state }, n)
      }
    },
  })
  new Gauge({
    name: 'berth_resource_condition',
    help: 'Each condition of each resource: 1 for its current status, 0 for the other two.',
    labelNames: ['kind', 'name', 'type', 'status'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const r of allResources(last?.store)) {
        for (const c of r.status?.conditions ?? []) {
          for (const status of CONDITION_STATUSES)
            this.set({ kind: r.kind, name: r.name, type: c.type, status }, c.status === status ? 1 : 0)
        }
      }
    },
  })
  new Gauge({
    name: 'berth_files_watched',
    help: 'Manifest files the daemon follows.',
    registers: [registry],
    collect() {
      this.set(last?.files ?? 0)
    },
  })
  new Gauge({
    name: 'berth_build_info',
    help: 'Always 1; the version of berth as a label.',
    labelNames: ['version'] as const,
    registers: [registry],
  }).set({ version }, 1)

  return {
    registry,
    observer: {
      reconciled(event) {
        reconciles.inc({ controller: event.controller, result: event.result })
        duration.observe({ controller: event.controller }, event.seconds)
      },
      wrote(event) {
        writes.inc({ result: 'written' }, event.written)
        writes.inc({ result: 'conflict' }, event.conflicts)
        writes.inc({ result: 'failed' }, event.failed)
      },
      roundDone(event) {
        last = event
        for (const kind of KINDS) depth.set({ controller: kind }, event.queueDepth[kind])
      },
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() }
    },
  }
}

/** desired / running / pending for one service, from its status. */
function replicaCounts(service: AnyResource & { kind: 'Service' }): Record<string, number> {
  const tasks = service.status?.tasks ?? []
  const live = tasks.filter((t) => t.desiredState === 'running')
  return {
    desired: service.status?.replicas?.desired ?? live.length,
    running: live.filter((t) => t.state === 'running').length,
    pending: live.filter((t) => t.state === 'pending').length,
  }
}

function* allResources(store: ReadStore | undefined): Generator<AnyResource> {
  if (!store) return
  for (const kind of KINDS) yield* store.list(kind) as readonly AnyResource[]
}
