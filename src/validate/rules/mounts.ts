import { arrayAt, isRecord, repeatsAt } from '../access.js'
import { issueAt, type SchemaIssue } from '../issue.js'
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

/**
 * What Docker refuses in one mount before it runs anything: a target that is not an absolute
 * path, a bind mount without a source (the host path), a tmpfs mount with one.
 */
export const mountShapes: Rule = {
  name: 'mount-shapes',
  kinds: ['Service'],
  check: (doc) =>
    arrayAt(doc, ['spec', 'mounts']).flatMap((m, i): SchemaIssue[] => {
      if (!isRecord(m)) return []
      const at = ['spec', 'mounts', i]
      if (typeof m.target === 'string' && m.target !== '' && !m.target.startsWith('/'))
        return [
          issueAt(
            [...at, 'target'],
            `the mount target must be an absolute path, not ${JSON.stringify(m.target)}`,
          ),
        ]
      if (m.type === 'bind' && (m.source === undefined || m.source === ''))
        return [issueAt(at, 'a bind mount needs a source: the host path to mount')]
      if (m.type === 'tmpfs' && m.source !== undefined)
        return [issueAt([...at, 'source'], 'a tmpfs mount takes no source')]
      return []
    }),
}
