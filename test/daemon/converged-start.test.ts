import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { berthInProcess } from '../cli/cli-harness.js'
import { cleanUpAfterEach, waitFor } from '../e2e/daemon.js'
import { tempDir } from '../support/cluster.js'
import { daemonOn, nodeYaml, twoNodesWebDb, webTasksIn } from './in-process-daemon.js'

/**
 * A daemon that starts on a tree a run left converged (the parse cache knows every byte of
 * it) reconciles nothing: the statuses in the files are the fixed point, as for a no-op
 * `berth reconcile`. It still follows every change from there as if it had.
 */
const cleanUp = cleanUpAfterEach()

const reconcile = async (root: string) => {
  const result = await berthInProcess(['reconcile', '--dir', root], { cwd: root })
  expect(result.code, result.err).toBe(0)
}

test('a start on a tree berth reconcile left converged reconciles nothing, then follows a drain', async () => {
  const root = cleanUp.dir(tempDir())
  await twoNodesWebDb(root)
  await reconcile(root)
  const web = path.join(root, 'web.yaml')
  const placed = await webTasksIn(web)
  expect(placed.map((t) => t.split('@')[1]).sort()).toEqual(['n1', 'n2'])
  const { d, lines, reconciled } = await daemonOn(root)
  try {
    expect(reconciled).toEqual([])
    expect(lines).toContain(
      `watching ${root}: 3 files, 2 services (as berth left them converged: nothing to reconcile)`,
    )
    // The first change after such a start: node n2 drained moves its task to n1.
    await writeFile(
      path.join(root, 'nodes.yaml'),
      `${nodeYaml('n1')}---\n${nodeYaml('n2', 'spec: {availability: drain}\n')}`,
    )
    await waitFor(async () => (await webTasksIn(web)).join() === 'web.1@n1,web.2@n1', 10_000, 'the drain')
    expect(reconciled).toContain('Service/web')
  } finally {
    await d.stop()
  }
})

test('the first change after such a start reconciles what it touches, not the whole tree', async () => {
  const root = cleanUp.dir(tempDir())
  await twoNodesWebDb(root)
  await reconcile(root)
  const { d, reconciled } = await daemonOn(root)
  try {
    const web = path.join(root, 'web.yaml')
    await writeFile(web, (await readFile(web, 'utf8')).replace('replicas: 2\n', 'replicas: 3\n'))
    await waitFor(async () => (await readFile(web, 'utf8')).includes('running: 3}'), 10_000, 'the scale-up')
    expect(reconciled).toContain('Service/web')
    expect(reconciled).not.toContain('Service/db')
  } finally {
    await d.stop()
  }
})

test('a start that reconciles everything and writes nothing lets the next start skip', async () => {
  const root = cleanUp.dir(tempDir())
  await twoNodesWebDb(root)
  await reconcile(root)
  // Without the cache, nothing says the tree is converged: the start reconciles every resource.
  await rm(path.join(root, '.berth'), { recursive: true })
  const before = await readFile(path.join(root, 'web.yaml'), 'utf8')
  const first = await daemonOn(root)
  await first.d.stop()
  expect(first.reconciled.length).toBeGreaterThanOrEqual(4)
  expect(await readFile(path.join(root, 'web.yaml'), 'utf8')).toBe(before)
  const second = await daemonOn(root)
  await second.d.stop()
  expect(second.reconciled).toEqual([])
})

test.each([
  ['a comment added to one file', (t: string) => `# a note\n${t}`],
  ['a status edited by hand', (t: string) => t.replace('running: 2}', 'running: 1}')],
])('%s while the daemon was down: the start reconciles', async (_name, change) => {
  const root = cleanUp.dir(tempDir())
  await twoNodesWebDb(root)
  await reconcile(root)
  const web = path.join(root, 'web.yaml')
  await writeFile(web, change(await readFile(web, 'utf8')))
  const { d, reconciled } = await daemonOn(root)
  await d.stop()
  expect(reconciled).toContain('Service/web')
  expect(await readFile(web, 'utf8')).toContain('replicas: {desired: 2, running: 2}')
})

test("a Secret's content file changed while the daemon was down: the start reconciles it", async () => {
  const root = cleanUp.dir(tempDir())
  await twoNodesWebDb(root)
  await writeFile(path.join(root, 'token.txt'), 'one')
  await writeFile(
    path.join(root, 'secret.yaml'),
    'apiVersion: berth.dev/v1\nkind: Secret\nmetadata:\n  name: token\nspec:\n  file: token.txt\n',
  )
  await reconcile(root)
  const before = await readFile(path.join(root, 'secret.yaml'), 'utf8')
  expect(before).toContain('size: 3')
  await writeFile(path.join(root, 'token.txt'), 'three')
  const { d, reconciled } = await daemonOn(root)
  await d.stop()
  expect(reconciled).toContain('Secret/token')
  expect(await readFile(path.join(root, 'secret.yaml'), 'utf8')).toContain('size: 5')
})
