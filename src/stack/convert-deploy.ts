import { parseConstraint } from '../model/constraint.js'
import { isRecord } from '../validate/access.js'
import type { ComposePath } from './compose-path.js'
import { composeCpus, composeMemory } from './quantities.js'

type Data = Record<string, unknown>

/** Reports a problem at a path of the merged compose data. */
export type Fail = (where: ComposePath, message: string) => void

/** `deploy.placement` → `placement`: constraints checked as berth parses them. */
export function placementOf(value: unknown, global: boolean, at: ComposePath, fail: Fail): Data | undefined {
  if (!isRecord(value)) return undefined
  const out: Data = {}
  if (Array.isArray(value.constraints)) {
    value.constraints.forEach((c, i) => {
      const parsed = parseConstraint(String(c))
      if ('error' in parsed)
        fail([...at, 'constraints', i], `invalid constraint ${JSON.stringify(c)}: ${parsed.error}`)
    })
    out.constraints = value.constraints.map(String)
  }
  if (Array.isArray(value.preferences))
    out.preferences = value.preferences.map((p) => ({ spread: String((p as Data).spread) }))
  if (value.max_replicas_per_node !== undefined) {
    if (global)
      fail([...at, 'max_replicas_per_node'], 'max_replicas_per_node can only be used with replicated mode')
    out.maxReplicasPerNode = value.max_replicas_per_node
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** `deploy.resources` → `resources`: CPUs as numbers, Docker's binary sizes as quantities. */
export function resourcesOf(value: unknown, at: ComposePath, fail: Fail): Data | undefined {
  if (!isRecord(value)) return undefined
  const out: Data = {}
  for (const part of ['reservations', 'limits'] as const) {
    const given = value[part]
    if (!isRecord(given)) continue
    const r: Data = {}
    if (given.cpus !== undefined) {
      const cpus = composeCpus(given.cpus)
      if (cpus === undefined)
        fail([...at, part, 'cpus'], `invalid number of CPUs ${JSON.stringify(given.cpus)}`)
      else r.cpus = cpus
    }
    if (given.memory !== undefined) {
      const memory = composeMemory(given.memory)
      if (memory === undefined)
        fail([...at, part, 'memory'], `invalid memory size ${JSON.stringify(given.memory)}`)
      else r.memory = memory
    }
    if (Object.keys(r).length > 0) out[part] = r
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** `update_config` / `rollback_config` → `updateConfig` / `rollbackConfig`, in the agreed names. */
export function rollout(value: Data, actions: readonly string[], at: ComposePath, fail: Fail): Data {
  const out: Data = {}
  if (value.parallelism !== undefined) {
    if ((value.parallelism as number) < 0) fail([...at, 'parallelism'], 'must be 0 or more')
    out.parallelism = value.parallelism
  }
  if (value.delay !== undefined) out.delay = value.delay
  if (value.order !== undefined) out.order = value.order
  if (value.failure_action !== undefined) {
    if (!actions.includes(String(value.failure_action)))
      fail([...at, 'failure_action'], `must be ${actions.join(', ').replace(/, (?=[^,]*$)/, ' or ')}`)
    out.failureAction = value.failure_action
  }
  if (value.max_failure_ratio !== undefined) {
    const ratio = value.max_failure_ratio as number
    if (ratio < 0 || ratio > 1) fail([...at, 'max_failure_ratio'], 'must be between 0 and 1')
    out.maxFailureRatio = ratio
  }
  if (value.monitor !== undefined) out.monitor = value.monitor
  return out
}
