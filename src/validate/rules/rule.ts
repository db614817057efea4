import type { Kind } from '../../model/kinds.js'
import type { SchemaIssue } from '../issue.js'

/**
 * A check the JSON schema cannot express. `check` gets a document that may have failed the
 * schema, so it reads defensively and skips values of the wrong type (the schema reports those).
 */
export interface Rule {
  readonly name: string
  readonly kinds: readonly Kind[]
  readonly check: (doc: Record<string, unknown>) => SchemaIssue[]
}
