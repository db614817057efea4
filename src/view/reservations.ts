import { parseCpus, parseMemory } from '../model/quantity.js'
import type { ServiceSpec } from '../model/spec.js'

/** A service's per-task reservations in nano-CPUs and bytes (0 when unset). */
export function reservationsOf(spec: ServiceSpec): { cpus: number; memory: number } {
  const r = spec.resources?.reservations
  return {
    cpus: r?.cpus === undefined ? 0 : (parseCpus(r.cpus) ?? 0),
    memory: r?.memory === undefined ? 0 : (parseMemory(r.memory) ?? 0),
  }
}
