import { stableId } from '../../src/model/ids.js'

/**
 * Task ids are derived, not random, so they survive restarts and two runs
 * over the same input agree: a new slot's task from the service, the slot
 * and the spec generation that created it; a replacement from the task it
 * replaces, so every replacement gets a fresh id.
 */
export function newTaskId(service: string, slotOrNode: number | string, generation: number): string {
  return stableId('task', service, slotOrNode, generation)
}

export function replacementTaskId(service: string, slotOrNode: number | string, replaced: string): string {
  return stableId('task', service, slotOrNode, 'replaces', replaced)
}
