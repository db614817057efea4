import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, test } from 'vitest'
import { berthInProcess } from './cli-harness.js'

const manifests = fileURLToPath(new URL('../../manifests/', import.meta.url))
let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('plan names the tasks a rolling update would replace, and the image they move to', async () => {
  dir = mkdtempSync(join(tmpdir(), 'berth-plan-update-'))
  cpSync(manifests, dir, { recursive: true })
  const file = join(dir, 'services/myservice.yaml')
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace('  image: mrjana/simpleweb\n', '  image: mrjana/simpleweb:2\n'),
  )
  const { code, out } = await berthInProcess(['plan', '--dir', dir], { cwd: dir })
  expect(code).toBe(0)
  // The first batch of two (parallelism 2, delay 3s): slots 1 and 2, on the nodes they ran on.
  expect(out).toContain('service/myservice: myservice.1 updated on node1 (to mrjana/simpleweb:2)')
  expect(out).toContain('service/myservice: myservice.2 updated on node2 (to mrjana/simpleweb:2)')
  expect(out).not.toContain('myservice.3 updated')
})
