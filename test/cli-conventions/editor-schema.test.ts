import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { DemoDir } from '../cli/cli-harness.js'
import { demoDir } from '../cli/cli-harness.js'
import { startYamlLanguageServer } from './yaml-language-server.js'

let demo: DemoDir
let server: Awaited<ReturnType<typeof startYamlLanguageServer>>
beforeAll(async () => {
  demo = await demoDir({ reconciled: false })
  expect((await demo.berth('schema', '--out', '.schemas')).code).toBe(0)
  server = await startYamlLanguageServer()
})
afterAll(async () => {
  server?.stop()
  await demo.remove()
})

/** A demo manifest with the modeline that points the language server at berth's schema. */
async function withModeline(file: string, change: (text: string) => string = (t) => t): Promise<string> {
  const schema = pathToFileURL(path.join(demo.dir, '.schemas/berth.schema.json')).href
  return `# yaml-language-server: $schema=${schema}\n${change(await readFile(path.join(demo.dir, file), 'utf8'))}`
}

test('the real yaml-language-server flags a typo in spec, on its line, with berth schema', async () => {
  const text = await withModeline('services/myservice.yaml', (t) => t.replace('replicas: 8', 'replicass: 8'))
  const diagnostics = await server.diagnose(pathToFileURL(path.join(demo.dir, 'typo.yaml')).href, text)
  const typo = diagnostics.find((d) => d.message.includes('replicass'))
  expect(typo, JSON.stringify(diagnostics)).toBeDefined()
  expect(typo?.message).toMatch(/Property replicass is not allowed/)
  expect(text.split('\n')[typo?.range.start.line ?? -1]).toContain('replicass: 8')
}, 60_000)

test('the demo manifests, every kind and several documents in a file, raise nothing', async () => {
  for (const file of [
    'services/myservice.yaml',
    'nodes.yaml',
    'plugins/weave2.yaml',
    'volumes/pluginVol.yaml',
  ]) {
    const uri = pathToFileURL(path.join(demo.dir, `good-${path.basename(file)}`)).href
    expect(await server.diagnose(uri, await withModeline(file)), file).toEqual([])
  }
}, 60_000)
