import { getIn } from '../access.js'
import { issueAt, type SchemaIssue } from '../issue.js'
import type { Rule } from './rule.js'

/**
 * A Secret's or Config's content comes from exactly one place: `file` or `external: true`.
 * Where the file may be (relative, inside the directory) is checked by the loader, which
 * knows the manifest's own path (`load/content-path.ts`).
 */
export const contentSource: Rule = {
  name: 'content-source',
  kinds: ['Secret', 'Config'],
  check: (doc) => {
    const file = getIn(doc, ['spec', 'file'])
    const external = getIn(doc, ['spec', 'external'])
    const issues: SchemaIssue[] = []
    if (file !== undefined && external === true)
      issues.push(issueAt(['spec', 'external'], 'cannot be combined with spec.file: give one of them'))
    else if (file === undefined && external !== true)
      issues.push(
        issueAt(
          ['spec'],
          'needs file (a path relative to this manifest, e.g. ./db-password.txt) or external: true',
        ),
      )
    return issues
  },
}
