/** Validates manifest documents against the CRDs in `crds/` plus berth's own rules. */

import type { Kind } from '../model/kinds.js'
import { isRecord } from './access.js'
import { issuesFromAjv } from './ajv-issues.js'
import { defaultCrdDir } from './crd-files.js'
import { type SchemaIssue, uniqueIssues } from './issue.js'
import { compileKindChecks, crdDigest, type KindCheck } from './kind-checks.js'
import { listMapKeyErrors } from './list-map-keys.js'
import { loadPrebuiltChecks, type RequireModule } from './prebuilt-checks.js'
import { semanticRules } from './rules/all.js'

export type { SchemaIssue } from './issue.js'

/** Checks whole documents (apiVersion, kind, metadata, spec, status) of one kind. */
export interface Validator {
  /** The digest of the CRD files the validators come from. */
  readonly schemaDigest: string
  /** Every problem in `doc` as a document of `kind`; empty when it is valid. Never throws on bad input. */
  validate(kind: Kind, doc: unknown): SchemaIssue[]
}

/**
 * One validator per kind for the CRDs in `crdDir` (default: the package's `crds/`): the
 * ones the build compiled when they match those CRD files byte for byte, else compiled now.
 * Unknown fields are errors everywhere except inside a plugin's `config`. The checks load on
 * the first `validate`, so a command whose files all come from the parse cache never loads
 * them (only the digest is read at once). Throws when the CRD folder is missing, and at the
 * first `validate` when the CRDs do not compile (a broken installation).
 */
export function createValidator(
  crdDir: string = defaultCrdDir(),
  options: { requireModule?: RequireModule } = {},
): Validator {
  const schemaDigest = crdDigest(crdDir)
  let compiled: Map<Kind, KindCheck> | undefined
  return {
    schemaDigest,
    validate(kind, doc) {
      compiled ??= loadPrebuiltChecks(crdDir, schemaDigest, options) ?? compileKindChecks(crdDir)
      const entry = compiled.get(kind)
      if (!entry) throw new Error(`no schema for kind ${kind}`)
      const valid = entry.check(doc)
      const errors = [...(valid ? [] : (entry.check.errors ?? [])), ...listMapKeyErrors(entry.sites, doc)]
      const issues = errors.length === 0 ? [] : issuesFromAjv(errors, doc)
      if (isRecord(doc)) {
        for (const rule of semanticRules) if (rule.kinds.includes(kind)) issues.push(...rule.check(doc))
      }
      return uniqueIssues(issues)
    },
  }
}
