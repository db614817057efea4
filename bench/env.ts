import type { Logger } from '../src/daemon/logger.js'
import type { Registry } from '../src/plugins/registry.js'
import { loadRegistry } from '../src/plugins/registry.js'
import type { Clock } from '../src/runtime/clock.js'
import type { Validator } from '../src/validate/validator.js'
import { createValidator } from '../src/validate/validator.js'

/** What every measurement needs from berth, built once per process. */
export interface BenchEnv {
  readonly validator: Validator
  readonly registry: Registry
  readonly clock: Clock
  readonly log: Logger
}

/** Wall time pinned (as SOURCE_DATE_EPOCH would), so two runs write the same bytes. */
const FIXED_NOW = '2025-01-01T00:00:00Z'

let env: BenchEnv | undefined

export function benchEnv(): BenchEnv {
  env ??= {
    validator: createValidator(),
    registry: loadRegistry(),
    clock: { iso: () => FIXED_NOW, ms: () => performance.now(), wall: () => Date.now() },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  }
  return env
}

/** A logger that keeps only errors, to report them after a daemon run. */
export function collectingLogger(): Logger & { readonly errors: string[] } {
  const errors: string[] = []
  return {
    errors,
    info: () => undefined,
    warn: () => undefined,
    error: (message) => void errors.push(message),
  }
}
