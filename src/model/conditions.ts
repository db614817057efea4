import type { Condition, ConditionStatus } from './status.js'

/** A condition as a controller states it; the transition time is worked out here. */
export interface ConditionInput {
  readonly type: string
  readonly status: ConditionStatus
  readonly reason: string
  readonly message: string
}

/**
 * Builds the new conditions list from what the controller says now and what
 * the status said before: `lastTransitionTime` moves only when a
 * condition's `status` flips (Kubernetes' rule), so a converged status is
 * byte-stable. Conditions come out in the order given.
 */
export function mergeConditions(
  previous: readonly Condition[] | undefined,
  next: readonly ConditionInput[],
  now: string,
): Condition[] {
  return next.map((c) => {
    const old = previous?.find((p) => p.type === c.type)
    const lastTransitionTime = old && old.status === c.status ? old.lastTransitionTime : now
    return { type: c.type, status: c.status, reason: c.reason, message: c.message, lastTransitionTime }
  })
}

export function ready(reason: string, message: string): ConditionInput {
  return { type: 'Ready', status: 'True', reason, message }
}

export function notReady(reason: string, message: string): ConditionInput {
  return { type: 'Ready', status: 'False', reason, message }
}
