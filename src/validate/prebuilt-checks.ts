/**
 * Schema checks compiled at build time (`npm run build` writes them with ajv's
 * `standaloneCode`): loading them costs a `require`, not a compile of every CRD schema.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KINDS, type Kind } from '../model/kinds.js'
import { crdDigest, type KindCheck, type SchemaCheck } from './kind-checks.js'
import type { ListMapSite } from './list-map-keys.js'

const here = dirname(fileURLToPath(import.meta.url))

/** The generated module, beside this one in `dist/src/validate/` (CommonJS: ajv's standalone output). */
export const PREBUILT_FILE = join(here, 'crd-checks.cjs')

/**
 * Where to look: beside this module, else in the build of the package that holds `crdDir`
 * (running from `src/`, as the tests do, or from the bundled command line in `dist/src/chunks/`).
 */
function candidates(crdDir: string): string[] {
  return [PREBUILT_FILE, join(dirname(crdDir), 'dist/src/validate/crd-checks.cjs')]
}

interface PrebuiltModule {
  readonly crdDigest: string
  readonly sites: Record<string, ListMapSite[]>
  readonly [kind: string]: unknown
}

/** Loads a CommonJS module by its path: node's `require`, or one that runs it with a code cache. */
export type RequireModule = (file: string) => unknown

/** The build's checks when they exist and were compiled from exactly these CRD files; else undefined. */
export function loadPrebuiltChecks(
  crdDir: string,
  digest: string = crdDigest(crdDir),
  {
    file = candidates(crdDir).find((f) => existsSync(f)),
    requireModule = createRequire(import.meta.url),
  }: { file?: string; requireModule?: RequireModule } = {},
): Map<Kind, KindCheck> | undefined {
  if (!file || !existsSync(file)) return undefined
  const mod = requireModule(file) as PrebuiltModule
  if (mod.crdDigest !== digest) return undefined
  const checks = new Map<Kind, KindCheck>()
  for (const kind of KINDS) {
    const check = mod[kind]
    if (typeof check !== 'function') return undefined
    checks.set(kind, { check: check as SchemaCheck, sites: mod.sites[kind] ?? [] })
  }
  return checks
}
