import type { ConditionInput } from '../model/conditions.js'
import { mergeConditions } from '../model/conditions.js'
import type { Resource } from '../model/resource.js'
import type { CommonStatus } from '../model/status.js'

/**
 * Completes a status a controller computed: conditions with stable transition
 * times, then which spec generation it describes.
 */
export function finishStatus<S extends CommonStatus>(
  resource: Resource,
  fields: Omit<S, keyof CommonStatus>,
  conditions: readonly ConditionInput[],
  now: string,
): S {
  return {
    ...fields,
    conditions: mergeConditions(resource.status?.conditions, conditions, now),
    observedGeneration: resource.generation,
    specDigest: resource.specDigest,
  } as S
}
