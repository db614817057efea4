import { type ComposePath, matchesPath } from './compose-path.js'

type Cast = (value: string) => unknown

const toInt: Cast = (v) => (/^[+-]?\d+$/.test(v.trim()) ? Number.parseInt(v, 10) : v)
const toFloat: Cast = (v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v)
const toBool: Cast = (v) => {
  const word = v.trim().toLowerCase()
  if (['true', 'yes', 'y', 'on'].includes(word)) return true
  if (['false', 'no', 'n', 'off'].includes(word)) return false
  return v
}

/**
 * The places where a substituted string becomes a number or a boolean, as Compose casts
 * them: after `${…}` every value is text, but `replicas: ${N}` must still be an integer.
 * Anything that does not read as the type stays text, and the schema then says so.
 */
const CASTS: readonly (readonly [readonly string[], Cast])[] = [
  [['services', '*', 'deploy', 'replicas'], toInt],
  [['services', '*', 'deploy', 'placement', 'max_replicas_per_node'], toInt],
  [['services', '*', 'deploy', 'update_config', 'parallelism'], toInt],
  [['services', '*', 'deploy', 'update_config', 'max_failure_ratio'], toFloat],
  [['services', '*', 'deploy', 'rollback_config', 'parallelism'], toInt],
  [['services', '*', 'deploy', 'rollback_config', 'max_failure_ratio'], toFloat],
  [['services', '*', 'deploy', 'resources', 'limits', 'cpus'], toFloat],
  [['services', '*', 'deploy', 'resources', 'reservations', 'cpus'], toFloat],
  [['services', '*', 'deploy', 'restart_policy', 'max_attempts'], toInt],
  [['services', '*', 'healthcheck', 'retries'], toInt],
  [['services', '*', 'healthcheck', 'disable'], toBool],
  [['services', '*', 'ports', '*', 'target'], toInt],
  [['services', '*', 'ports', '*', 'published'], toInt],
  [['services', '*', 'secrets', '*', 'mode'], toInt],
  [['services', '*', 'configs', '*', 'mode'], toInt],
  [['services', '*', 'volumes', '*', 'read_only'], toBool],
  [['services', '*', 'volumes', '*', 'volume', 'nocopy'], toBool],
  [['services', '*', 'privileged'], toBool],
  [['services', '*', 'read_only'], toBool],
  [['services', '*', 'stdin_open'], toBool],
  [['services', '*', 'tty'], toBool],
  [['networks', '*', 'external'], toBool],
  [['networks', '*', 'internal'], toBool],
  [['networks', '*', 'attachable'], toBool],
  [['volumes', '*', 'external'], toBool],
  [['secrets', '*', 'external'], toBool],
  [['configs', '*', 'external'], toBool],
]

/** Casts a substituted value to the type its place expects; elsewhere it stays text. */
export function castInterpolated(path: ComposePath, value: string): unknown {
  const found = CASTS.find(([pattern]) => matchesPath(pattern, path))
  return found ? found[1](value) : value
}
