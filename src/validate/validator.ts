/** Validates manifest documents against the CRDs in `crds/` plus berth's own rules. */
import type { ValidateFunction } from 'ajv'
import type { Kind } from '../model/kinds.js'
import { isRecord } from './access.js'
import { createAjv } from './ajv.js'
import { issuesFromAjv } from './ajv-issues.js'
import { defaultCrdDir, loadCrdSchemas } from './crd-files.js'
import { type SchemaIssue, uniqueIssues } from './issue.js'
import { prepareSchema } from './prepare-schema.js'
import { semanticRules } from './rules/all.js'

export type { SchemaIssue } from './issue.js'

/** Checks whole documents (apiVersion, kind, metadata, spec, status) of one kind. */
export interface Validator {
  /** Every problem in `doc` as a document of `kind`; empty when it is valid. Never throws on bad input. */
  validate(kind: Kind, doc: unknown): SchemaIssue[]
}

/**
 * Loads the CRDs from `crdDir` (default: the package's `crds/`) and compiles one validator
 * per kind, once. Unknown fields are errors everywhere except inside a plugin's `config`.
 * Throws when the CRDs are missing or do not compile (a broken installation).
 */
export function createValidator(crdDir: string = defaultCrdDir()): Validator {
  const ajv = createAjv()
  const compiled = new Map<Kind, ValidateFunction>()
  for (const [kind, schema] of loadCrdSchemas(crdDir)) {
    compiled.set(kind, ajv.compile(prepareSchema(schema) as object))
  }
  return {
    validate(kind, doc) {
      const check = compiled.get(kind)
      if (!check) throw new Error(`no schema for kind ${kind}`)
      const issues = check(doc) ? [] : issuesFromAjv(check.errors ?? [], doc)
      if (isRecord(doc)) {
        for (const rule of semanticRules) if (rule.kinds.includes(kind)) issues.push(...rule.check(doc))
      }
      return uniqueIssues(issues)
    },
  }
}
