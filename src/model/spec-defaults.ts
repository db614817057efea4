import { CRD_SPEC_DEFAULTS } from './crd-defaults.js'
import { KINDS, type Kind } from './kinds.js'
import { type ApplyDefaults, compileDefaults } from './schema-defaults.js'
import type { SpecByKind, WrittenSpecByKind } from './spec.js'

/** Each kind's defaults compiled once, when the module loads (constant data, never changed). */
const APPLY = new Map<Kind, ApplyDefaults>(
  KINDS.map((kind) => [kind, compileDefaults(CRD_SPEC_DEFAULTS[kind])]),
)

/**
 * A spec as berth reads it: the one as written with its CRD's defaults filled in where a
 * field is absent (the loader does this once per document). The written spec is not
 * changed, and the parts no default reaches are shared with it.
 */
export function withSpecDefaults<K extends Kind>(kind: K, written: WrittenSpecByKind[K]): SpecByKind[K] {
  return (APPLY.get(kind) as ApplyDefaults)(written) as SpecByKind[K]
}
