import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { createApp } from '../../src/cli/app.js'
import { run } from '../../src/cli/main.js'

// A valid document berth cannot splice a status into (a flow mapping) is
// reported by name and left byte for byte; the other files still get theirs.
test('one file that cannot take its status does not stop the others', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-unwritable-'))
  const flow = '{apiVersion: berth.dev/v1, kind: Volume, metadata: {name: flowvol}}\n'
  await writeFile(path.join(dir, 'flow.yaml'), flow)
  await writeFile(
    path.join(dir, 'node.yaml'),
    'apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: n1\n',
  )
  const err: string[] = []
  const app = createApp({ out: () => undefined, err: (t) => void err.push(t), isTTY: false }, {}, dir)
  expect(await run(['reconcile', '--dir', dir], app)).toBe(1)
  expect(err.join('')).toContain('flow.yaml:1:53: error: cannot write status: the document is a flow mapping')
  expect(await readFile(path.join(dir, 'flow.yaml'), 'utf8')).toBe(flow)
  expect(await readFile(path.join(dir, 'node.yaml'), 'utf8')).toMatch(/\nstatus:\n {2}state: ready\n/)
})
