import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'
import type { DemoDir } from '../cli/cli-harness.js'
import { demoDir } from '../cli/cli-harness.js'

const MANIFESTS = fileURLToPath(new URL('../../manifests', import.meta.url))

let demo: DemoDir
beforeAll(async () => {
  demo = await demoDir({ reconciled: false })
})
afterAll(() => demo.remove())

/** Every document of every manifest in the demo, as data. */
async function demoDocuments(): Promise<{ file: string; data: Record<string, unknown> }[]> {
  const files = (await readdir(MANIFESTS, { recursive: true })).filter((f) => f.endsWith('.yaml'))
  const docs = await Promise.all(
    files.map(async (file) =>
      parseAllDocuments(await readFile(path.join(MANIFESTS, file), 'utf8')).map((d) => ({
        file,
        data: d.toJS() as Record<string, unknown>,
      })),
    ),
  )
  return docs.flat()
}

/**
 * An editor's validator: lenient, and quiet about the formats the CRDs use (Kubernetes'
 * int32, cidr, date-time), which it does not check, as an editor ignores a format it does not know.
 */
const editorValidator = () => new Ajv({ strict: false, allErrors: true, logger: false })

describe('berth schema', () => {
  test('the combined schema accepts every demo manifest and flags a typo, a wrong type and an unknown kind', async () => {
    const { code, out } = await demo.berth('schema')
    expect(code).toBe(0)
    const validate = editorValidator().compile(JSON.parse(out))
    const docs = await demoDocuments()
    expect(docs.length).toBe(8) // nodes.yaml holds two
    for (const { file, data } of docs)
      expect(validate(data), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true)

    const service = docs.find((d) => d.data.kind === 'Service')?.data as { spec: Record<string, unknown> }
    const typo = { ...service, spec: { ...service.spec, replicass: 3 } }
    expect(validate(typo)).toBe(false)
    expect(validate.errors).toContainEqual(
      expect.objectContaining({ instancePath: '/spec', params: { additionalProperty: 'replicass' } }),
    )
    expect(validate({ ...service, spec: { ...service.spec, replicas: 'eight' } })).toBe(false)
    expect(validate.errors?.some((e) => e.instancePath === '/spec/replicas')).toBe(true)
    expect(validate({ ...service, kind: 'Deployment' })).toBe(false)
  })

  test('--out writes the combined schema and one per kind, each usable on its own', async () => {
    const { code, out } = await demo.berth('schema', '--out', '.schemas')
    expect(code).toBe(0)
    expect(out).toContain('wrote .schemas/berth.schema.json\n')
    const written = (await readdir(path.join(demo.dir, '.schemas'))).sort()
    expect(written).toEqual([
      'berth.schema.json',
      'config.schema.json',
      'network.schema.json',
      'node.schema.json',
      'plugin.schema.json',
      'secret.schema.json',
      'service.schema.json',
      'volume.schema.json',
    ])
    const node = JSON.parse(await readFile(path.join(demo.dir, '.schemas/node.schema.json'), 'utf8'))
    expect(JSON.stringify(node)).not.toContain('x-kubernetes-')
    const validate = editorValidator().compile(node)
    const nodes = (await demoDocuments()).filter((d) => d.data.kind === 'Node')
    for (const { data } of nodes) expect(validate(data)).toBe(true)
    expect(validate({ ...nodes[0]?.data, spec: { role: 'captain' } })).toBe(false)
  })
})

describe('berth explain', () => {
  test('a field: kind, version, type, description with allowed values, sub-fields', async () => {
    const { code, out } = await demo.berth('explain', 'service.spec.placement')
    expect(code).toBe(0)
    expect(out).toMatch(/^KIND:\s+Service\nVERSION:\s+berth\.dev\/v1\n\nFIELD: placement <Object>\n/)
    expect(out).toContain('\nFIELDS:\n  constraints\t<[]string>\n')
    expect(out).toContain('  maxReplicasPerNode\t<integer>\n')
    const mode = await demo.berth('explain', 'svc.spec.mode')
    expect(mode.out).toContain('FIELD: mode <string>')
    expect(mode.out).toContain('Possible values: "replicated", "global".')
  })

  test('list items are stepped into; a missing field is an error naming it', async () => {
    expect((await demo.berth('explain', 'service.spec.mounts.volumeDriver')).out).toContain(
      'FIELD: volumeDriver <string>',
    )
    const missing = await demo.berth('explain', 'service.spec.replicass')
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('field "replicass" does not exist in service.spec')
    expect((await demo.berth('explain', 'deployment')).code).toBe(2)
  })

  test('--recursive lists the tree', async () => {
    const { out } = await demo.berth('explain', 'node.spec', '--recursive')
    expect(out).toContain('\n  resources\t<Object>\n    cpus\t<IntOrString>\n')
  })
})
