import { parseConstraint } from '../../src/model/constraint.js'
import type { ServiceSpec } from '../../src/model/spec.js'
import { constraintHolds } from '../../src/scheduler/filters.js'
import type { View } from '../../src/view/view.js'
import { resolveDemand } from './demand.js'

/** A field of a service's spec that keeps its tasks from running, and why. */
export interface SpecProblem {
  /** A data path such as `['spec', 'networks', 0]`. */
  readonly field: readonly (string | number)[]
  readonly message: string
}

/**
 * The field of a service's spec that its trouble is about, for a message to point at rather
 * than at the service's name: the network, volume mount, secret or config its tasks wait for
 * (`['spec', 'networks', 0]`, `network nonet not found`), else a placement constraint that no
 * node satisfies. Undefined when it is neither (a lack of room, say): the message stays at the
 * service.
 */
export function specProblem(spec: ServiceSpec, view: View): SpecProblem | undefined {
  const needs = resolveDemand(spec, view)
  if ('blocker' in needs) {
    const { field, message } = needs.blocker
    return field ? { field, message } : undefined
  }
  const { nodes } = view.nodeSet()
  const constraints = spec.placement.constraints ?? []
  for (const [i, expr] of constraints.entries()) {
    const constraint = parseConstraint(expr)
    if ('error' in constraint) continue
    if (!nodes.some((node) => constraintHolds(node, constraint)))
      return { field: ['spec', 'placement', 'constraints', i], message: `constraint ${expr} matches no node` }
  }
  return undefined
}
