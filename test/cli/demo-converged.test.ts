import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import type { DemoDir } from './cli-harness.js'
import { demoDir } from './cli-harness.js'

const MANIFESTS = fileURLToPath(new URL('../../manifests', import.meta.url))

async function yamlFiles(dir: string, under = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, under), { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? yamlFiles(dir, path.join(under, e.name)) : [path.join(under, e.name)],
    ),
  )
  return nested.flat().filter((f) => f.endsWith('.yaml'))
}

let demo: DemoDir | undefined
afterEach(() => demo?.remove())

// A fresh clone has no parse cache (`.berth/` is never committed), so nothing can short-cut
// the pass: every status is computed from the specs and compared with what the files hold.
describe('a fresh clone of the demo', () => {
  test('plans no change: the statuses computed are the ones committed', async () => {
    demo = await demoDir({ reconciled: false })
    expect(existsSync(path.join(demo.dir, '.berth'))).toBe(false)
    const { code, out, err } = await demo.berth('plan', '--exit-code', '-o', 'json')
    expect(err).toBe('')
    expect(JSON.parse(out)).toMatchObject({ changes: [], wouldChange: false })
    expect(code).toBe(0)
  })

  test('reconcile leaves every byte of every file as committed', async () => {
    demo = await demoDir({ reconciled: false })
    expect((await demo.berth('reconcile')).code).toBe(0)
    const files = await yamlFiles(MANIFESTS)
    expect(files.length).toBeGreaterThan(5)
    for (const file of files)
      expect(await demo.read(file), file).toBe(await readFile(path.join(MANIFESTS, file), 'utf8'))
  })

  test('a status that differs from the computed one is planned back: the plan is computed, not read', async () => {
    demo = await demoDir({ reconciled: false })
    await demo.edit('services/my-service.yaml', (t) =>
      t.replace('replicas: {desired: 1, running: 1}', 'replicas: {desired: 1, running: 0}'),
    )
    const { code, out } = await demo.berth('plan', '--exit-code')
    expect(code).toBe(1)
    expect(out).toContain('-  replicas: {desired: 1, running: 0}\n+  replicas: {desired: 1, running: 1}\n')
  })
})
