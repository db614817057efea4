/** The ajv instance for CRD schemas: Kubernetes vocabulary and formats registered. */
import { Ajv, type SchemaValidateFunction } from 'ajv'
import formatsPlugin from 'ajv-formats'

/** Kubernetes extensions that only annotate (their effect is rewritten by `prepareSchema`). */
const ANNOTATIONS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-validations',
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
 * `x-kubernetes-list-map-keys`: items of a `map` list must differ in their key fields.
 * Reports each repeat at the repeating item.
 */
const listMapKeys: SchemaValidateFunction = (keys: string[], data: unknown[], _parent, cxt) => {
  const seen = new Map<string, number>()
  const errors: NonNullable<SchemaValidateFunction['errors']> = []
  data.forEach((item, index) => {
    const values = keys.map((k) => (item as Record<string, unknown> | null)?.[k])
    const id = JSON.stringify(values)
    const first = seen.get(id)
    if (first === undefined) seen.set(id, index)
    else {
      const path = `${cxt?.instancePath ?? ''}/${index}`
      errors.push({
        keyword: 'x-kubernetes-list-map-keys',
        instancePath: path,
        params: { keys, values, first },
      })
    }
  })
  listMapKeys.errors = errors
  return errors.length === 0
}

// ajv-formats is CommonJS whose `module.exports` is the plugin; NodeNext types see a namespace.
const addFormats = ((formatsPlugin as unknown as { default?: unknown }).default ?? formatsPlugin) as (
  ajv: Ajv,
) => Ajv

/** A strict ajv that reports every error, with the schema beside each (for messages). */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true })
  addFormats(ajv)
  for (const keyword of ANNOTATIONS) ajv.addKeyword({ keyword })
  ajv.addKeyword({
    keyword: 'x-kubernetes-list-map-keys',
    type: 'array',
    schemaType: 'array',
    errors: true,
    validate: listMapKeys,
  })
  for (const format of IGNORED_FORMATS) ajv.addFormat(format, true)
  return ajv
}
