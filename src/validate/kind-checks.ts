/** One compiled schema check per kind, however it was compiled (now or at build time). */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ErrorObject } from 'ajv'
import type { Kind } from '../model/kinds.js'
import { createAjv } from './ajv.js'
import { loadCrdSchemas } from './crd-files.js'
import { type ListMapSite, listMapSites, withoutListMapKeys } from './list-map-keys.js'
import { prepareSchema } from './prepare-schema.js'

/** ajv's validate function shape, compiled or standalone. */
export interface SchemaCheck {
  (doc: unknown): boolean
  errors?: ErrorObject[] | null
}

export interface KindCheck {
  readonly check: SchemaCheck
  /** The keyed lists checked beside the schema. */
  readonly sites: readonly ListMapSite[]
}

/** The schema ajv compiles for a CRD's `openAPIV3Schema`, and the keyed lists beside it. */
export function schemaForAjv(openApiSchema: unknown): { schema: object; sites: ListMapSite[] } {
  const prepared = prepareSchema(openApiSchema)
  return { schema: withoutListMapKeys(prepared) as object, sites: listMapSites(prepared) }
}

/** Compiles every kind's schema now (a few hundred ms). */
export function compileKindChecks(crdDir: string): Map<Kind, KindCheck> {
  const ajv = createAjv()
  const checks = new Map<Kind, KindCheck>()
  for (const [kind, openApi] of loadCrdSchemas(crdDir)) {
    const { schema, sites } = schemaForAjv(openApi)
    checks.set(kind, { check: ajv.compile(schema), sites })
  }
  return checks
}

/**
 * A digest of the CRD files (names and bytes): validators compiled at build time are used
 * only while it matches, so an edited CRD is never checked against an older schema.
 */
export function crdDigest(crdDir: string): string {
  const hash = createHash('sha256')
  for (const file of readdirSync(crdDir).sort()) {
    if (!/\.ya?ml$/.test(file)) continue
    hash.update(`${file}\0`)
    hash.update(readFileSync(join(crdDir, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}
