import { parseConstraint, parseNodeAttribute } from '../../model/constraint.js'
import { arrayAt, isRecord } from '../access.js'
import { issueAt, type SchemaIssue } from '../issue.js'
import type { Rule } from './rule.js'

/** Every placement constraint must parse; every spread preference must name a node attribute. */
export const placementExpressions: Rule = {
  name: 'placement-expressions',
  kinds: ['Service'],
  check: (doc) => {
    const issues: SchemaIssue[] = []
    arrayAt(doc, ['spec', 'placement', 'constraints']).forEach((expr, i) => {
      if (typeof expr !== 'string') return
      const parsed = parseConstraint(expr)
      if ('error' in parsed) {
        const path = ['spec', 'placement', 'constraints', i]
        issues.push(issueAt(path, `invalid constraint ${JSON.stringify(expr)}: ${parsed.error}`))
      }
    })
    arrayAt(doc, ['spec', 'placement', 'preferences']).forEach((pref, i) => {
      const spread = isRecord(pref) ? pref.spread : undefined
      if (typeof spread !== 'string') return
      const parsed = parseNodeAttribute(spread)
      if (typeof parsed !== 'string') {
        const path = ['spec', 'placement', 'preferences', i, 'spread']
        issues.push(issueAt(path, `invalid spread preference ${JSON.stringify(spread)}: ${parsed.error}`))
      }
    })
    return issues
  },
}
