import { parseCpus, parseMemory, quantityMessage } from '../../model/quantity.js'
import { getIn } from '../access.js'
import { type IssuePath, issueAt, type SchemaIssue } from '../issue.js'
import type { Rule } from './rule.js'

/** Checks each `{cpus, memory}` pair under `bases`. */
function checkPairs(doc: Record<string, unknown>, bases: IssuePath[]): SchemaIssue[] {
  const issues: SchemaIssue[] = []
  for (const base of bases) {
    for (const field of ['cpus', 'memory'] as const) {
      const path = [...base, field]
      const value = getIn(doc, path)
      if (typeof value !== 'number' && typeof value !== 'string') continue
      const parsed = field === 'cpus' ? parseCpus(value) : parseMemory(value)
      if (parsed === undefined) issues.push(issueAt(path, quantityMessage(field, value)))
    }
  }
  return issues
}

/** Node capacity must parse as quantities (negative numbers, overflow, bad suffixes). */
export const nodeQuantities: Rule = {
  name: 'node-quantities',
  kinds: ['Node'],
  check: (doc) => checkPairs(doc, [['spec', 'resources']]),
}

/** Service reservations and limits must parse as quantities. */
export const serviceQuantities: Rule = {
  name: 'service-quantities',
  kinds: ['Service'],
  check: (doc) =>
    checkPairs(doc, [
      ['spec', 'resources', 'reservations'],
      ['spec', 'resources', 'limits'],
    ]),
}
