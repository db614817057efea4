import { arrayAt, isRecord } from '../access.js'
import { issueAt, type SchemaIssue } from '../issue.js'
import type { Rule } from './rule.js'

/** Two mounts of one service cannot share a target: Docker refuses it ("duplicate mount point"). */
export const uniqueMountTargets: Rule = {
  name: 'unique-mount-targets',
  kinds: ['Service'],
  check: (doc) => {
    const issues: SchemaIssue[] = []
    const seen = new Map<string, number>()
    arrayAt(doc, ['spec', 'mounts']).forEach((mount, i) => {
      if (!isRecord(mount) || typeof mount.target !== 'string') return
      const first = seen.get(mount.target)
      if (first === undefined) seen.set(mount.target, i)
      else
        issues.push(
          issueAt(
            ['spec', 'mounts', i, 'target'],
            `duplicate mount point ${mount.target} (repeats spec.mounts[${first}].target)`,
          ),
        )
    })
    return issues
  },
}
