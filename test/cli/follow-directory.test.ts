import { cp, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { createApp } from '../../src/cli/app.js'
import { followDirectory } from '../../src/cli/commands/follow-directory.js'
import { type ReadResult, readDirectory } from '../../src/cli/commands/read-directory.js'
import { KINDS } from '../../src/model/kinds.js'

const MANIFESTS = fileURLToPath(new URL('../../manifests', import.meta.url))

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-follow-'))
  await cp(MANIFESTS, dir, { recursive: true })
})
afterEach(() => rm(dir, { recursive: true, force: true }))

/** An app whose stderr is collected: `said()` returns what it printed since the last call. */
function app() {
  let err = ''
  const io = {
    out: () => {},
    err: (s: string) => {
      err += s
    },
    isTTY: false,
  }
  const made = createApp(io, {}, dir)
  return {
    app: made,
    said: () => {
      const text = err
      err = ''
      return text
    },
  }
}

/** What a reading command shows: every resource of every kind, its exit code, and the diagnostics it printed. */
function shown(result: ReadResult, said: string) {
  return {
    resources: KINDS.flatMap((kind) => result.store.list(kind)),
    exitCode: result.exitCode,
    said,
  }
}

async function fresh() {
  const { app: a, said } = app()
  return shown(await readDirectory(a, { dir }), said())
}

async function edit(rel: string, change: (text: string) => string) {
  const file = path.join(dir, rel)
  await writeFile(file, change(await readFile(file, 'utf8')))
}

test('reading only the files that changed gives what reading the whole directory gives', async () => {
  const followed = app()
  const directory = await followDirectory(followed.app, dir)
  expect(shown(await directory.read(), followed.said())).toEqual(await fresh())

  // A spec edit, a copy that defines a service twice, a file that stops parsing, a file removed.
  await edit('services/myservice.yaml', (t) => t.replace(/replicas: \d+/, 'replicas: 3'))
  await cp(path.join(dir, 'services/my-service.yaml'), path.join(dir, 'services/copy.yaml'))
  await edit('networks/globalnet.yaml', (t) => `${t}\n  broken: [\n`)
  await unlink(path.join(dir, 'volumes/pluginVol.yaml'))
  const named = [
    'services/myservice.yaml',
    'services/copy.yaml',
    'networks/globalnet.yaml',
    'volumes/pluginVol.yaml',
  ]
  const after = shown(await directory.read(named), followed.said())
  expect(after).toEqual(await fresh())
  expect(after.exitCode).toBe(1)
  expect(after.said).toMatch(/copy\.yaml:\d+:\d+: .*defined/)
  expect(after.said).toMatch(/globalnet\.yaml:\d+:\d+:/)

  // Put right again: the copy goes, the network parses.
  await unlink(path.join(dir, 'services/copy.yaml'))
  await edit('networks/globalnet.yaml', (t) => t.replace('\n  broken: [\n', ''))
  const fixed = shown(
    await directory.read(['services/copy.yaml', 'networks/globalnet.yaml']),
    followed.said(),
  )
  expect(fixed).toEqual(await fresh())
  expect(fixed.exitCode).toBe(0)
})

test('a file no change named is read again only by a whole read', async () => {
  const followed = app()
  const directory = await followDirectory(followed.app, dir)
  const before = shown(await directory.read(), followed.said())
  await edit('services/myservice.yaml', (t) => t.replace(/replicas: \d+/, 'replicas: 3'))
  expect(shown(await directory.read(['nodes.yaml']), followed.said())).toEqual(before)
  expect(shown(await directory.read(), followed.said())).toEqual(await fresh())
})

// An edit of a link's target is reported under the target's own path: the link is read on every change.
test('a symlinked manifest follows its target', async () => {
  await cp(path.join(dir, 'services/my-service.yaml'), path.join(dir, '.kept.yaml.txt'))
  await unlink(path.join(dir, 'services/my-service.yaml'))
  await symlink(path.join(dir, '.kept.yaml.txt'), path.join(dir, 'services/my-service.yaml'))
  const followed = app()
  const directory = await followDirectory(followed.app, dir)
  const before = shown(await directory.read(), followed.said())
  expect(before).toEqual(await fresh())
  await edit('.kept.yaml.txt', (t) => t.replace(/replicas: \d+/, 'replicas: 2'))
  const after = shown(await directory.read(['nodes.yaml']), followed.said())
  expect(after).not.toEqual(before)
  expect(after).toEqual(await fresh())
})
