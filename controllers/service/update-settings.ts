import { parseDuration } from '../../src/model/duration.js'
import type { UpdateConfig } from '../../src/model/spec.js'

/** An `updateConfig` or `rollbackConfig` as the update planner reads it: durations in ms. */
export interface UpdateSettings {
  /** Tasks per batch; 0 = all at once. */
  readonly parallelism: number
  readonly delayMs: number
  readonly order: 'stop-first' | 'start-first'
  readonly failureAction: 'pause' | 'continue' | 'rollback'
  readonly maxFailureRatio: number
  readonly monitorMs: number
}

/** The settings of a config whose defaults (the CRD's) were applied on load. */
export function updateSettings(config: UpdateConfig): UpdateSettings {
  return {
    parallelism: config.parallelism,
    // The schema's pattern admits only durations parseDuration reads.
    delayMs: parseDuration(config.delay) ?? 0,
    order: config.order,
    failureAction: config.failureAction,
    maxFailureRatio: config.maxFailureRatio,
    monitorMs: parseDuration(config.monitor) ?? 0,
  }
}
