/**
 * Writes `src/model/crd-defaults.ts`: each kind's spec defaults, read from the CRDs in
 * `crds/` and pruned to the paths that hold one. The CRDs are the one source; the module
 * is what the loader (and a controller reading a template back from status) applies, with
 * no YAML to parse at start. A test fails when the module and the CRDs disagree; then run
 * `npm run build && node dist/src/validate/write-spec-defaults.js`.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { defaultsOnly } from '../model/schema-defaults.js'
import { getIn } from './access.js'
import { defaultCrdDir, loadCrdSchemas } from './crd-files.js'

/** Where the module lives in the source tree, beside `crds/`. */
export const SPEC_DEFAULTS_FILE = join(dirname(defaultCrdDir()), 'src/model/crd-defaults.ts')

/** The module's source for the CRDs in `crdDir`. */
export function specDefaultsSource(crdDir: string = defaultCrdDir()): string {
  const byKind = Object.fromEntries(
    [...loadCrdSchemas(crdDir)]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([kind, schema]) => [kind, defaultsOnly(getIn(schema, ['properties', 'spec'])) ?? {}]),
  )
  return [
    '// Generated from crds/ by src/validate/write-spec-defaults.ts; do not edit.',
    "import type { Kind } from './kinds.js'",
    "import type { DefaultsSchema } from './schema-defaults.js'",
    '',
    "/** Each kind's spec defaults as its CRD declares them, pruned to the paths that hold one. */",
    `export const CRD_SPEC_DEFAULTS: Readonly<Record<Kind, DefaultsSchema>> = ${JSON.stringify(byKind, null, 2)}`,
    '',
  ].join('\n')
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/')))
  writeFileSync(SPEC_DEFAULTS_FILE, specDefaultsSource())
