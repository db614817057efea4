import { arrayAt, isRecord } from '../access.js'
import { issueAt, type SchemaIssue } from '../issue.js'
import type { Rule } from './rule.js'

/** One service cannot publish the same port and protocol twice (Docker refuses it too). */
export const uniquePorts: Rule = {
  name: 'unique-ports',
  kinds: ['Service'],
  check: (doc) => {
    const issues: SchemaIssue[] = []
    const seen = new Map<string, number>()
    arrayAt(doc, ['spec', 'ports']).forEach((port, i) => {
      if (!isRecord(port) || typeof port.published !== 'number') return
      const key = `${port.published}/${typeof port.protocol === 'string' ? port.protocol : 'tcp'}`
      const first = seen.get(key)
      if (first === undefined) seen.set(key, i)
      else
        issues.push(
          issueAt(
            ['spec', 'ports', i, 'published'],
            `port ${key} is already published by spec.ports[${first}]`,
          ),
        )
    })
    return issues
  },
}
