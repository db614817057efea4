import { isRecord, repeatsAt } from '../access.js'
import { issueAt } from '../issue.js'
import type { Rule } from './rule.js'

/** One service cannot publish the same port and protocol twice (Docker refuses it too). */
export const uniquePorts: Rule = {
  name: 'unique-ports',
  kinds: ['Service'],
  check: (doc) =>
    repeatsAt(doc, ['spec', 'ports'], (port) =>
      isRecord(port) && typeof port.published === 'number'
        ? `${port.published}/${typeof port.protocol === 'string' ? port.protocol : 'tcp'}`
        : undefined,
    ).map(({ index, first, key }) =>
      issueAt(
        ['spec', 'ports', index, 'published'],
        `port ${key} is already published by spec.ports[${first}]`,
      ),
    ),
}
