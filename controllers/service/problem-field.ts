import { parseConstraint } from '../../src/model/constraint.js'
import type { ServiceSpec } from '../../src/model/spec.js'
import { constraintHolds } from '../../src/scheduler/filters.js'
import type { View } from '../../src/view/view.js'
import { resolveDemand } from './demand.js'

/**
 * The field of a service's spec that its trouble is about, for a message to point at rather
 * than at the service's name: the network, volume mount, secret or config its tasks wait for
 * (`['spec', 'networks', 0]`), else a placement constraint that no node satisfies. Undefined
 * when it is neither (a lack of room, say): the message stays at the service.
 */
export function problemField(spec: ServiceSpec, view: View): readonly (string | number)[] | undefined {
  const needs = resolveDemand(spec, view)
  if ('blocker' in needs) return needs.blocker.field
  const { nodes } = view.nodeSet()
  const constraints = spec.placement.constraints ?? []
  for (const [i, expr] of constraints.entries()) {
    const constraint = parseConstraint(expr)
    if ('error' in constraint) continue
    if (!nodes.some((node) => constraintHolds(node, constraint)))
      return ['spec', 'placement', 'constraints', i]
  }
  return undefined
}
