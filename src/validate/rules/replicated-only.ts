import { getIn } from '../access.js'
import { type IssuePath, issueAt, type SchemaIssue } from '../issue.js'
import type { Rule } from './rule.js'

/** Fields Docker accepts only for replicated services. */
const REPLICATED_FIELDS: IssuePath[] = [
  ['spec', 'replicas'],
  ['spec', 'placement', 'maxReplicasPerNode'],
]

/**
 * `replicas` and `maxReplicasPerNode` only make sense in replicated mode: Docker refuses
 * them for global services ("replicas can only be used with replicated … mode").
 */
export const replicatedOnly: Rule = {
  name: 'replicated-only',
  kinds: ['Service'],
  check: (doc) => {
    if (getIn(doc, ['spec', 'mode']) !== 'global') return []
    const issues: SchemaIssue[] = []
    for (const path of REPLICATED_FIELDS) {
      if (getIn(doc, path) !== undefined) {
        issues.push(
          issueAt(path, 'only allowed in replicated mode (a global service runs one task per node)'),
        )
      }
    }
    return issues
  },
}
