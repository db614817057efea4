import type { DaemonObserver } from '../daemon/observer.js'
import { berthVersion } from './build-info.js'
import type { ListenAddress } from './listen-address.js'
import { createMetrics } from './metrics.js'
import { startObserveServer } from './server.js'

export interface Observability {
  readonly observer: DaemonObserver
  readonly url: string
  close(): Promise<void>
}

/** Metrics and the HTTP server for `berth watch --listen`, fed by one observer. */
export async function startObservability(options: {
  address: ListenAddress
  token: string | undefined
  title: string
}): Promise<Observability> {
  const metrics = createMetrics(berthVersion())
  const server = await startObserveServer({ ...options, metrics })
  return {
    url: server.url,
    observer: {
      reconciled: metrics.observer.reconciled,
      wrote: metrics.observer.wrote,
      roundDone(event) {
        metrics.observer.roundDone(event)
        server.observer.roundDone(event)
      },
    },
    close: () => server.close(),
  }
}
