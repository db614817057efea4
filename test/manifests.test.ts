import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { isKind } from '../src/model/kinds.js'
import { createValidator } from '../src/validate/validator.js'

const root = fileURLToPath(new URL('../manifests/', import.meta.url))

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return yamlFiles(path)
    return /\.ya?ml$/.test(entry.name) ? [path] : []
  })
}

const documents = yamlFiles(root).flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((doc, index) => ({
    where: `${relative(root, file)}#${index}`,
    errors: doc.errors,
    value: doc.toJS() as Record<string, unknown>,
  })),
)

const validator = createValidator()

describe.each(documents)('$where', ({ errors, value }) => {
  // The demo ships converged: each document carries the status berth wrote.
  test('parses, validates and carries a converged status', () => {
    expect(errors).toEqual([])
    expect(isKind(value.kind)).toBe(true)
    if (isKind(value.kind)) expect(validator.validate(value.kind, value)).toEqual([])
    expect(value).toHaveProperty('status.observedGeneration', 1)
    expect(value).toHaveProperty('status.conditions.0.status', 'True')
  })
})

test('the demo cluster of the reference page, each resource once', () => {
  const keys = documents.map(({ value }) => `${value.kind}/${(value.metadata as { name: string }).name}`)
  expect(keys.sort()).toEqual([
    'Network/globalnet',
    'Node/node1',
    'Node/node2',
    'Plugin/sample-volume-plugin',
    'Plugin/weave2',
    'Service/my-service',
    'Service/myservice',
    'Volume/pluginVol',
  ])
})
