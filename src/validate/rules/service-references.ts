import { NAME_PATTERN } from '../../model/kinds.js'
import { arrayAt, isRecord } from '../access.js'
import { issueAt, type SchemaIssue } from '../issue.js'
import type { Rule } from './rule.js'

const LONG_KEYS = new Set(['source', 'target', 'uid', 'gid', 'mode'])

/**
 * `secrets` and `configs` items are a name or Docker's long syntax `{source, target, uid,
 * gid, mode}` (the CRD cannot say "string or object"); two items may not land on the same
 * target, which Docker refuses too. A secret's target defaults to its name.
 */
export const serviceReferences: Rule = {
  name: 'service-references',
  kinds: ['Service'],
  check: (doc) => {
    const issues: SchemaIssue[] = []
    for (const field of ['secrets', 'configs'] as const) {
      const targets = new Map<string, number>()
      arrayAt(doc, ['spec', field]).forEach((item, i) => {
        const path = ['spec', field, i]
        let source: unknown = item
        let target: unknown
        if (isRecord(item)) {
          for (const key of Object.keys(item))
            if (!LONG_KEYS.has(key))
              issues.push(
                issueAt([...path, key], 'unknown field (expected source, target, uid, gid or mode)'),
              )
          source = item.source
          target = item.target
          if (source === undefined) issues.push(issueAt(path, 'needs source: the name of the one to use'))
          if (target !== undefined && (typeof target !== 'string' || target === ''))
            issues.push(issueAt([...path, 'target'], 'must be a non-empty string'))
          for (const key of ['uid', 'gid'] as const)
            if (item[key] !== undefined && (typeof item[key] !== 'string' || !/^[0-9]+$/.test(item[key])))
              issues.push(issueAt([...path, key], 'must be a numeric id in quotes, e.g. "0"'))
          const mode = item.mode
          if (
            mode !== undefined &&
            (!Number.isInteger(mode) || (mode as number) < 0 || (mode as number) > 0o777)
          )
            issues.push(issueAt([...path, 'mode'], 'must be a file mode from 0 to 0777, e.g. 0400'))
        } else if (typeof item !== 'string') {
          issues.push(
            issueAt(path, `must be a ${field.slice(0, -1)} name or {source, target, uid, gid, mode}`),
          )
          return
        }
        const at = isRecord(item) ? [...path, 'source'] : path
        if (source !== undefined && (typeof source !== 'string' || !NAME_PATTERN.test(source))) {
          issues.push(issueAt(at, `must be a ${field.slice(0, -1)} name matching ${NAME_PATTERN.source}`))
          return
        }
        const effective =
          typeof target === 'string' && target !== '' ? target : (source as string | undefined)
        if (effective === undefined) return
        const first = targets.get(effective)
        if (first !== undefined)
          issues.push(issueAt(path, `target ${effective} is already used by spec.${field}[${first}]`))
        else targets.set(effective, i)
      })
    }
    return issues
  },
}
