import { parseDuration } from '../../src/model/duration.js'
import type { UpdateConfig } from '../../src/model/spec.js'

/** An `updateConfig` or `rollbackConfig` with every default applied (Swarm's defaults). */
export interface UpdateSettings {
  /** Tasks per batch; 0 = all at once. */
  readonly parallelism: number
  readonly delayMs: number
  readonly order: 'stop-first' | 'start-first'
  readonly failureAction: 'pause' | 'continue' | 'rollback'
  readonly maxFailureRatio: number
  readonly monitorMs: number
}

/** The one home of the update defaults: parallelism 1, no delay, stop-first, pause, no failures tolerated. */
export function updateSettings(config: UpdateConfig | undefined): UpdateSettings {
  return {
    parallelism: config?.parallelism ?? 1,
    delayMs: parseDuration(config?.delay ?? '0s') ?? 0,
    order: config?.order ?? 'stop-first',
    failureAction: config?.failureAction ?? 'pause',
    maxFailureRatio: config?.maxFailureRatio ?? 0,
    monitorMs: parseDuration(config?.monitor ?? '0s') ?? 0,
  }
}
