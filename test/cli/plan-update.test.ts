import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, test } from 'vitest'
import { createApp } from '../../src/cli/app.js'
import { run } from '../../src/cli/main.js'

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
  let out = ''
  const io = {
    out: (s: string) => {
      out += s
    },
    err: () => undefined,
    isTTY: false,
  }
  const code = await run(['plan', '--dir', dir], createApp(io, { SOURCE_DATE_EPOCH: '1764324000' }, dir))
  expect(code).toBe(0)
  // The first batch of two (parallelism 2, delay 3s): slots 1 and 2, on the nodes they ran on.
  expect(out).toContain('service/myservice: myservice.1 updated on node1 (to mrjana/simpleweb:2)')
  expect(out).toContain('service/myservice: myservice.2 updated on node2 (to mrjana/simpleweb:2)')
  expect(out).not.toContain('myservice.3 updated')
})
