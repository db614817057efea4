import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { berth, demoCopy } from '../e2e/berth-cli.js'

/**
 * A symlink to a manifest inside the tree is that file, not a second
 * definition of it. Berth reads each file once, under its real path, and
 * writes status to the real file, never through the link: the link stays a
 * link. A link to a file berth does not otherwise read (a hidden folder) is
 * read through the link, and its status goes to the file it points at.
 */
const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

test('in-tree symlinks: no duplicate, every run succeeds, status lands in the real file, links stay links', async () => {
  const dir = await demoCopy()
  dirs.push(dir)
  const services = path.join(dir, 'services')
  // A second name for a file berth reads anyway.
  symlinkSync('myservice.yaml', path.join(services, 'alias-of-myservice.yaml'))
  // The only name berth reads for a file kept in a hidden folder.
  mkdirSync(path.join(dir, '.shared'))
  writeFileSync(
    path.join(dir, '.shared', 'extra.yaml'),
    'apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: extra\nspec:\n  image: nginx\n',
  )
  symlinkSync('../.shared/extra.yaml', path.join(services, 'extra.yaml'))
  for (let run = 0; run < 2; run++) {
    const result = await berth(['--dir', dir, 'reconcile'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  }
  expect(lstatSync(path.join(services, 'alias-of-myservice.yaml')).isSymbolicLink()).toBe(true)
  expect(lstatSync(path.join(services, 'extra.yaml')).isSymbolicLink()).toBe(true)
  expect(readFileSync(path.join(dir, '.shared', 'extra.yaml'), 'utf8')).toMatch(/^status:$/m)
  const last = await berth(['--dir', dir, 'reconcile'])
  expect(last.stdout).toMatch(/: 0 files written/)
}, 120_000)
