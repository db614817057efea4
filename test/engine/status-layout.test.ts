import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { parse, stringify } from 'yaml'
import { createApp } from '../../src/cli/app.js'
import { run } from '../../src/cli/main.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

async function reconcile(dir: string): Promise<string> {
  const out: string[] = []
  const app = createApp(
    { out: (t) => void out.push(t), err: (t) => void out.push(t), isTTY: false },
    { SOURCE_DATE_EPOCH: '1764324000' },
    dir,
  )
  expect(await run(['reconcile', '--dir', dir], app)).toBe(0)
  return out.join('')
}

/** The file with its status written the way berth did before: block style, one line per field. */
function blockStyle(text: string): string {
  const at = text.indexOf('\nstatus:\n') + 1
  const status = parse(text.slice(at)).status
  return text.slice(0, at) + stringify({ status }, { indent: 2, indentSeq: true })
}

test('a status in the older block layout is rewritten once in today’s layout, then left alone', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-layout-'))
  await cp(path.join(root, 'manifests'), dir, { recursive: true })
  const file = path.join(dir, 'services/myservice.yaml')
  const compact = await readFile(file, 'utf8')
  expect(compact).toMatch(/^ {4}- \{id: \w+, name: myservice\.1, slot: 1, node: node\d, state: running\}$/m)
  expect(compact).toMatch(/^ {2}taskTemplate: \{template: [0-9a-f]{8}, image: mrjana\/simpleweb\}$/m)
  const old = blockStyle(compact)
  expect(old).toMatch(/^ {4}- id: \w+\n {6}name: myservice\.1\n/m)
  expect(old.split('\n').length).toBeGreaterThan(compact.split('\n').length + 40)
  await writeFile(file, old)

  expect(await reconcile(dir)).toContain('1 file written')
  expect(await readFile(file, 'utf8')).toBe(compact)
  expect(await reconcile(dir)).toContain('0 files written')
})

test('a person’s indentation is not a stale layout: four-space status stays as it is', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-layout-'))
  await cp(path.join(root, 'manifests'), dir, { recursive: true })
  const file = path.join(dir, 'volumes/pluginVol.yaml')
  const text = await readFile(file, 'utf8')
  const head = text.slice(0, text.indexOf('\nstatus:\n') + 1)
  const status = text.slice(head.length)
  const wide = head + status.replace(/^( +)/gm, (s) => s + s)
  expect(wide).not.toBe(text)
  await writeFile(file, wide)
  expect(await reconcile(dir)).toContain('0 files written')
  expect(await readFile(file, 'utf8')).toBe(wide)
})
