import { getIn } from '../access.js'
import { issueAt } from '../issue.js'
import type { Rule } from './rule.js'

/** A plugin names its nodes either by list or by selector, not both. */
export const pluginTargets: Rule = {
  name: 'plugin-targets',
  kinds: ['Plugin'],
  check: (doc) =>
    getIn(doc, ['spec', 'nodes']) !== undefined && getIn(doc, ['spec', 'nodeSelector']) !== undefined
      ? [
          issueAt(
            ['spec', 'nodeSelector'],
            'cannot be combined with spec.nodes: give either nodes or nodeSelector',
          ),
        ]
      : [],
}
