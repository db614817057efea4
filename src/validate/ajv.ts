/** The ajv instance for CRD schemas: Kubernetes vocabulary and formats registered. */
import { createRequire } from 'node:module'
import type { Ajv as AjvInstance, Options } from 'ajv'

/** Kubernetes extensions that only annotate (their effect is rewritten by `prepareSchema`). */
const ANNOTATIONS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-validations',
  // Checked beside the schema (list-map-keys.ts), so the schema compiles standalone.
  'x-kubernetes-list-map-keys',
]

/**
 * Formats Kubernetes accepts that ajv-formats lacks. `cidr` is checked by the IPAM rule (with
 * better messages); the rest berth does not use and accepts as they come.
 */
const IGNORED_FORMATS = [
  'cidr',
  'bsonobjectid',
  'mac',
  'uuid3',
  'uuid4',
  'uuid5',
  'isbn',
  'creditcard',
  'ssn',
  'hexcolor',
]

/**
 * ajv and ajv-formats are loaded when a schema is compiled, not with this module: a command
 * that uses the validators the build compiled never loads the compiler (~100 ms of start-up).
 * Both are CommonJS; ajv-formats' `module.exports` is the plugin itself.
 */
function loadAjv(): {
  Ajv: new (options: Options) => AjvInstance
  addFormats: (ajv: AjvInstance) => AjvInstance
} {
  const require = createRequire(import.meta.url)
  const formats = require('ajv-formats') as { default?: unknown }
  return {
    Ajv: (require('ajv') as { Ajv: new (options: Options) => AjvInstance }).Ajv,
    addFormats: (formats.default ?? formats) as (ajv: AjvInstance) => AjvInstance,
  }
}

/**
 * A strict ajv that reports every error, with the schema beside each (for messages).
 * `code` options are for the build, which writes the compiled validators out as source.
 */
export function createAjv(code?: Options['code']): AjvInstance {
  const { Ajv, addFormats } = loadAjv()
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    verbose: true,
    ...(code ? { code } : {}),
  })
  addFormats(ajv)
  for (const keyword of ANNOTATIONS) ajv.addKeyword({ keyword })
  for (const format of IGNORED_FORMATS) ajv.addFormat(format, true)
  return ajv
}
