import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { KINDS, NAME_PATTERN } from '../src/model/kinds.js'

// biome-ignore lint/suspicious/noExplicitAny: parsed CRDs, navigated freely by the assertions
type Schema = Record<string, any>

const dir = new URL('../crds/', import.meta.url)
const crds = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((file) => ({ file, crd: parse(readFileSync(new URL(file, dir), 'utf8')) as Schema }))

const SHORT_NAMES: Record<string, string[]> = {
  Secret: [],
  Config: [],
  Node: ['no'],
  Plugin: ['pl'],
  Volume: ['vol'],
  Network: ['net'],
  Service: ['svc'],
}

/** Every schema below `schema` that describes a property or an item, with its path. */
function* fields(schema: Schema, path = ''): Generator<[string, Schema]> {
  for (const [name, child] of Object.entries<Schema>(schema.properties ?? {})) {
    yield [`${path}.${name}`, child]
    yield* fields(child, `${path}.${name}`)
  }
  if (schema.items) {
    yield [`${path}[]`, schema.items]
    yield* fields(schema.items, `${path}[]`)
  }
  if (typeof schema.additionalProperties === 'object') {
    yield [`${path}{}`, schema.additionalProperties]
    yield* fields(schema.additionalProperties, `${path}{}`)
  }
}

/** The schema a printer column's JSONPath points at, or undefined. */
function resolve(root: Schema, jsonPath: string): Schema | undefined {
  const steps = jsonPath
    .replace(/\[[^\]]*\]/g, '.[]')
    .split('.')
    .filter(Boolean)
  let node: Schema | undefined = root
  for (const step of steps) node = step === '[]' ? node?.items : node?.properties?.[step]
  return node
}

const schemaOf = (crd: Schema): Schema => crd.spec.versions[0].schema.openAPIV3Schema

test('there is one CRD per kind', () => {
  expect(crds.map(({ crd }) => crd.spec.names.kind).sort()).toEqual([...KINDS].sort())
  expect(crds.map(({ file }) => file).sort()).toEqual(KINDS.map((k) => `${k.toLowerCase()}.yaml`).sort())
})

describe.each(crds)('$file', ({ crd }) => {
  const kind: string = crd.spec.names.kind
  const root = schemaOf(crd)

  test('identity: apiVersion, group, scope, names', () => {
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1')
    expect(crd.kind).toBe('CustomResourceDefinition')
    expect(crd.spec.group).toBe('berth.dev')
    expect(crd.spec.scope).toBe('Cluster')
    expect(crd.spec.names).toMatchObject({
      kind,
      listKind: `${kind}List`,
      singular: kind.toLowerCase(),
      plural: `${kind.toLowerCase()}s`,
      shortNames: SHORT_NAMES[kind],
    })
    expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.berth.dev`)
  })

  test('one version, v1, served and stored, with a status subresource', () => {
    expect(crd.spec.versions).toHaveLength(1)
    expect(crd.spec.versions[0]).toMatchObject({
      name: 'v1',
      served: true,
      storage: true,
      subresources: { status: {} },
    })
  })

  test('the document shape: apiVersion, kind, metadata, spec, status', () => {
    expect(root.type).toBe('object')
    expect(Object.keys(root.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status'])
    expect(root.properties.apiVersion.enum).toEqual(['berth.dev/v1'])
    expect(root.properties.kind.enum).toEqual([kind])
    expect(root.properties.metadata.properties.name.pattern).toBe(NAME_PATTERN.source)
    expect(root.properties.metadata.properties.labels).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'string' },
    })
  })

  test('structural: every field has a type and a description, no additionalProperties beside properties', () => {
    for (const [path, field] of fields(root)) {
      const typed = typeof field.type === 'string' || field['x-kubernetes-int-or-string'] === true
      expect(typed || field['x-kubernetes-preserve-unknown-fields'] === true, `${path} has no type`).toBe(
        true,
      )
      if (!path.endsWith('{}')) expect(field.description, `${path} has no description`).toMatch(/\S/)
      if (field.properties) expect(field.additionalProperties, `${path}`).toBeUndefined()
      for (const key of ['anyOf', 'oneOf', 'allOf', 'not'])
        expect(field[key], `${path}.${key}`).toBeUndefined()
    }
  })

  test('unknown fields are kept only inside a plugin config', () => {
    const preserving = [...fields(root)]
      .filter(([, f]) => f['x-kubernetes-preserve-unknown-fields'])
      .map(([p]) => p)
    expect(preserving).toEqual(kind === 'Plugin' ? ['.spec.config'] : [])
  })

  test('defaults are allowed values', () => {
    for (const [path, field] of fields(root)) {
      if (field.default === undefined) continue
      if (field.enum) expect(field.enum, path).toContain(field.default)
      if (field.type)
        expect(typeof field.default, path).toBe(field.type === 'integer' ? 'number' : field.type)
    }
  })

  test('status has observedGeneration, specDigest and Kubernetes conditions', () => {
    const status = root.properties.status.properties
    expect(status.observedGeneration.type).toBe('integer')
    expect(status.specDigest.type).toBe('string')
    expect(status.conditions.type).toBe('array')
    expect(status.conditions.items.required).toEqual([
      'type',
      'status',
      'reason',
      'message',
      'lastTransitionTime',
    ])
    expect(status.conditions.items.properties.status.enum).toEqual(['True', 'False', 'Unknown'])
  })

  test('printer columns point at fields of the right type', () => {
    const columns: Schema[] = crd.spec.versions[0].additionalPrinterColumns
    expect(columns.length).toBeGreaterThan(1)
    for (const column of columns) {
      const field = resolve(root, column.jsonPath)
      expect(field, `${column.name}: ${column.jsonPath}`).toBeDefined()
      expect(['string', 'integer', 'number', 'boolean', 'date']).toContain(column.type)
      expect(field?.type, column.name).toBe(column.type)
      expect(column.description).toMatch(/\S/)
    }
  })
})

test.each([
  ['Node', '.spec.role', 'worker'],
  ['Node', '.spec.availability', 'active'],
  ['Plugin', '.spec.enabled', true],
  ['Service', '.spec.mode', 'replicated'],
  ['Service', '.spec.replicas', 1],
  ['Volume', '.spec.driver', 'local'],
  ['Network', '.spec.driver', 'overlay'],
])('%s %s defaults to %j', (kind, path, value) => {
  const crd = crds.find((c) => c.crd.spec.names.kind === kind)?.crd
  expect(crd && resolve(schemaOf(crd), path)?.default).toBe(value)
})

test.each([
  ['Node', 'Status', 'Availability', 'Role'],
  ['Plugin', 'Name', 'Enabled'],
  ['Service', 'Mode', 'Replicas', 'Image'],
  ['Network', 'Driver', 'Scope'],
  ['Volume', 'Driver', 'Scope'],
])('%s lists Docker columns', (kind, ...names) => {
  const crd = crds.find((c) => c.crd.spec.names.kind === kind)?.crd
  const columns = crd?.spec.versions[0].additionalPrinterColumns.map((c: Schema) => c.name)
  expect(columns).toEqual(expect.arrayContaining(names))
})
