/** Finding and reading the CRDs in `crds/`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GROUP, isKind, KINDS, type Kind } from '../model/kinds.js'
import { getIn, isRecord } from './access.js'

/**
 * The package's `crds/` directory: the first folder above this module that holds both
 * `crds/` and `package.json`. Works from `src/validate/` and from `dist/src/validate/`.
 */
export function defaultCrdDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'crds')) && existsSync(join(dir, 'package.json'))) return join(dir, 'crds')
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no crds/ directory found above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
}

/**
 * Reads every `*.yaml` / `*.yml` CRD of group berth.dev in `dir` and returns
 * each kind's `v1` version object (schema, printer columns, subresources).
 */
export function loadCrdVersions(dir: string): Map<Kind, Record<string, unknown>> {
  // Loaded here, not at the top: the validators' set-up imports this module, and a command
  // that reads only cached files (or uses the build's validators) never parses a CRD.
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml')
  const versionsByKind = new Map<Kind, Record<string, unknown>>()
  for (const file of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(file)) continue
    const crd: unknown = parse(readFileSync(join(dir, file), 'utf8'))
    if (getIn(crd, ['kind']) !== 'CustomResourceDefinition' || getIn(crd, ['spec', 'group']) !== GROUP)
      continue
    const kind = getIn(crd, ['spec', 'names', 'kind'])
    const versions = getIn(crd, ['spec', 'versions'])
    const v1 = Array.isArray(versions) ? versions.find((v) => isRecord(v) && v.name === 'v1') : undefined
    if (isKind(kind) && isRecord(v1)) versionsByKind.set(kind, v1)
  }
  return versionsByKind
}

/**
 * The v1 `openAPIV3Schema` of each kind. Throws when one of the five kinds has
 * none: a broken installation, not bad user input.
 */
export function loadCrdSchemas(dir: string): Map<Kind, unknown> {
  const schemas = new Map<Kind, unknown>()
  for (const [kind, v1] of loadCrdVersions(dir)) {
    const schema = getIn(v1, ['schema', 'openAPIV3Schema'])
    if (isRecord(schema)) schemas.set(kind, schema)
  }
  const missing = KINDS.filter((kind) => !schemas.has(kind))
  if (missing.length > 0) throw new Error(`${dir}: no v1 CRD schema for ${missing.join(', ')}`)
  return schemas
}
