import type { Kind } from '../../model/kinds.js'
import { API_VERSION } from '../../model/kinds.js'

type Schema = Record<string, unknown>

/** Where a field path led: the schema of the field, or the first segment that does not exist. */
export type FieldLookup =
  | { readonly found: true; readonly name: string; readonly schema: Schema; readonly required: boolean }
  | { readonly found: false; readonly missing: string; readonly parent: string }

/** Follows `spec.updateConfig.delay` through a CRD schema, stepping into list items on the way. */
export function lookupField(root: Schema, path: readonly string[]): FieldLookup {
  let schema = root
  let name = ''
  let required = false
  for (const [i, segment] of path.entries()) {
    const object = itemsOf(schema)
    const properties = (object.properties ?? {}) as Record<string, Schema>
    const next = properties[segment]
    if (!next) return { found: false, missing: segment, parent: path.slice(0, i).join('.') }
    required = Array.isArray(object.required) && object.required.includes(segment)
    schema = next
    name = segment
  }
  return { found: true, name, schema, required }
}

/**
 * `berth explain`'s text, in kubectl explain's layout: KIND, VERSION, the
 * field and its type, its description, then its fields (each with type,
 * `-required-`, allowed values and description); `recursive` lists the whole
 * tree of field names instead.
 */
export function explainText(
  kind: Kind,
  field: FieldLookup & { found: true },
  options: { recursive: boolean },
): string {
  const lines = [`KIND:       ${kind}`, `VERSION:    ${API_VERSION}`, '']
  if (field.name)
    lines.push(`FIELD: ${field.name} <${typeName(field.schema)}>${field.required ? ' -required-' : ''}`, '')
  lines.push('DESCRIPTION:', ...wrap(describe(field.schema), 4), '')
  const properties = Object.entries((itemsOf(field.schema).properties ?? {}) as Record<string, Schema>)
  if (properties.length === 0) return `${lines.join('\n')}\n`
  lines.push('FIELDS:')
  if (options.recursive) lines.push(...tree(field.schema, 1))
  else {
    const required = new Set((itemsOf(field.schema).required as string[] | undefined) ?? [])
    for (const [name, schema] of properties) {
      lines.push(`  ${name}\t<${typeName(schema)}>${required.has(name) ? ' -required-' : ''}`)
      lines.push(...wrap(describe(schema), 4), '')
    }
  }
  return `${lines.join('\n').trimEnd()}\n`
}

function tree(schema: Schema, depth: number): string[] {
  const properties = Object.entries((itemsOf(schema).properties ?? {}) as Record<string, Schema>)
  return properties.flatMap(([name, child]) => [
    `${'  '.repeat(depth)}${name}\t<${typeName(child)}>`,
    ...tree(child, depth + 1),
  ])
}

/** The description, with the allowed values and default a person needs (kubectl 1.27+ lists enums too). */
function describe(schema: Schema): string {
  const parts = [typeof schema.description === 'string' ? schema.description : '<empty>']
  const values =
    (Array.isArray(schema.enum) ? schema.enum : (itemsOf(schema).enum as unknown[] | undefined)) ?? []
  if (values.length > 0) parts.push(`Possible values: ${values.map((v) => JSON.stringify(v)).join(', ')}.`)
  if (schema.default !== undefined) parts.push(`Default: ${JSON.stringify(schema.default)}.`)
  return parts.join(' ')
}

/** kubectl's type names: `string`, `integer`, `Object`, `[]Object`, `map[string]string`, `IntOrString`. */
function typeName(schema: Schema): string {
  if (schema['x-kubernetes-int-or-string'] === true) return 'IntOrString'
  if (schema.type === 'array') return `[]${typeName((schema.items ?? {}) as Schema)}`
  if (schema.type === 'object' || schema.properties) {
    const extra = schema.additionalProperties
    if (!schema.properties && typeof extra === 'object' && extra !== null)
      return `map[string]${typeName(extra as Schema)}`
    return 'Object'
  }
  if (typeof schema.type === 'string') return schema.type
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) return 'Object'
  return 'Object'
}

function itemsOf(schema: Schema): Schema {
  return schema.type === 'array' && typeof schema.items === 'object' ? (schema.items as Schema) : schema
}

/** Words wrapped at 80 columns, indented. */
function wrap(text: string, indent: number): string[] {
  const width = 80 - indent
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.map((l) => ' '.repeat(indent) + l)
}
