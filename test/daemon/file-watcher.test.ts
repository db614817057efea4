import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { type FileWatcher, watchTree } from '../../src/daemon/file-watcher.js'
import { waitFor } from '../e2e/daemon.js'

let watcher: FileWatcher | undefined
afterEach(async () => {
  await watcher?.close()
  watcher = undefined
})

/** A tree with two folders of manifests, watched; what the watcher reported so far. */
async function watched(poll = false) {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-watcher-'))
  await mkdir(path.join(dir, 'services/team'), { recursive: true })
  await mkdir(path.join(dir, '.berth'))
  await writeFile(path.join(dir, 'services/team/web.yaml'), 'kind: Service\n')
  await writeFile(path.join(dir, 'nodes.yaml'), 'kind: Node\n')
  const seen = { paths: [] as string[], others: [] as string[], rescans: 0, errors: [] as string[] }
  watcher = await watchTree(
    dir,
    {
      onPath: (p) => void seen.paths.push(p),
      onOtherFile: (p) => void seen.others.push(p),
      onRescan: () => void seen.rescans++,
      onError: (e) => void seen.errors.push(e.message),
    },
    { poll },
  )
  return { dir, seen }
}

test('an edit, an editor’s rename-over save and a removal each name their file, however deep', async () => {
  const { dir, seen } = await watched()
  await writeFile(path.join(dir, 'services/team/web.yaml'), 'kind: Service\nspec: {}\n')
  await waitFor(() => seen.paths.includes('services/team/web.yaml'), 15_000, 'the edit')
  await writeFile(path.join(dir, 'services/team/.web.yaml.swp'), 'x')
  await writeFile(path.join(dir, 'nodes.yaml.tmp'), 'kind: Node\n')
  await rename(path.join(dir, 'nodes.yaml.tmp'), path.join(dir, 'nodes.yaml'))
  await waitFor(() => seen.paths.includes('nodes.yaml'), 15_000, 'the rename-over save')
  await waitFor(() => seen.paths.includes('services/team/web.yaml'), 15_000, 'the edit, again')
  seen.paths.length = 0
  await rm(path.join(dir, 'services/team/web.yaml'))
  await waitFor(() => seen.paths.includes('services/team/web.yaml'), 15_000, 'the removal')
  // Hidden files and folders (berth's own .berth/ too) are never reported.
  await writeFile(path.join(dir, '.berth/parse-cache.json'), '{}')
  await writeFile(path.join(dir, 'README.md'), 'notes\n')
  await waitFor(() => seen.others.includes('README.md'), 15_000, 'a file that is not a manifest')
  expect([...seen.paths, ...seen.others].filter((p) => p.includes('.swp') || p.startsWith('.berth'))).toEqual(
    [],
  )
  expect(seen.errors).toEqual([])
})

test('a new folder asks for a rescan and is watched from then on; a removed one asks for a rescan', async () => {
  const { dir, seen } = await watched()
  await mkdir(path.join(dir, 'volumes/deep'), { recursive: true })
  await waitFor(() => seen.rescans > 0, 15_000, 'the rescan for a new folder')
  // Watched once it is there: a file written into it later is reported by name.
  await waitFor(
    async () => {
      await writeFile(path.join(dir, 'volumes/deep/v.yaml'), 'kind: Volume\n')
      return seen.paths.includes('volumes/deep/v.yaml')
    },
    15_000,
    'a file in the new folder',
  )
  const before = seen.rescans
  await rm(path.join(dir, 'services'), { recursive: true })
  await waitFor(() => seen.rescans > before, 15_000, 'the rescan for a removed folder')
  expect(seen.errors).toEqual([])
})

test('polling (where no file watches are left) reports an edit too', async () => {
  const { dir, seen } = await watched(true)
  await writeFile(path.join(dir, 'services/team/web.yaml'), 'kind: Service\nspec: {}\n')
  await waitFor(() => seen.paths.includes('services/team/web.yaml'), 15_000, 'the polled edit')
})
