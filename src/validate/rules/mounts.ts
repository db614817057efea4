import { isRecord, repeatsAt } from '../access.js'
import { issueAt } from '../issue.js'
import type { Rule } from './rule.js'

/** Two mounts of one service cannot share a target: Docker refuses it ("duplicate mount point"). */
export const uniqueMountTargets: Rule = {
  name: 'unique-mount-targets',
  kinds: ['Service'],
  check: (doc) =>
    repeatsAt(doc, ['spec', 'mounts'], (m) =>
      isRecord(m) && typeof m.target === 'string' ? m.target : undefined,
    ).map(({ index, first, key }) =>
      issueAt(
        ['spec', 'mounts', index, 'target'],
        `duplicate mount point ${key} (repeats spec.mounts[${first}].target)`,
      ),
    ),
}
