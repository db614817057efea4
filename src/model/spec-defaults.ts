import { CRD_SPEC_DEFAULTS } from './crd-defaults.js'
import type { Kind } from './kinds.js'
import { withSchemaDefaults } from './schema-defaults.js'
import type { SpecByKind, WrittenSpecByKind } from './spec.js'

/**
 * A spec as berth reads it: the one as written with its CRD's defaults filled in where a
 * field is absent (the loader does this once per document). The written spec is not
 * changed, and the parts no default reaches are shared with it.
 */
export function withSpecDefaults<K extends Kind>(kind: K, written: WrittenSpecByKind[K]): SpecByKind[K] {
  return withSchemaDefaults(CRD_SPEC_DEFAULTS[kind], written) as SpecByKind[K]
}
