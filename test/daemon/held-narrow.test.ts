import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { cleanUpAfterEach, waitFor } from '../e2e/daemon.js'
import { tempDir } from '../support/cluster.js'
import { daemonOn, nodeYaml, serviceYaml, twoNodesWebDb, webTasksIn } from './in-process-daemon.js'

/**
 * A file that does not load at start-up holds back only what it could affect. A half-saved
 * service file defines a Service, whose absence stops no other task: a node drained meanwhile
 * still has its tasks moved. (Every eviction waited for any such file.)
 */
const cleanUp = cleanUpAfterEach()

async function converged(root: string) {
  await twoNodesWebDb(root)
  const first = await daemonOn(root)
  await first.d.stop()
  const placed = await webTasksIn(path.join(root, 'web.yaml'))
  // One task on each node.
  expect(placed.map((t) => t.split('@')[1]).sort()).toEqual(['n1', 'n2'])
  return placed
}

test('a half-saved service file at start-up does not stop the drain of a node', async () => {
  const root = cleanUp.dir(tempDir())
  await converged(root)
  // While the daemon is down: node n2 is drained, and db.yaml is left half-saved.
  await writeFile(
    path.join(root, 'nodes.yaml'),
    `${nodeYaml('n1')}---\n${nodeYaml('n2', 'spec: {availability: drain}\n')}`,
  )
  await writeFile(path.join(root, 'db.yaml'), `${serviceYaml('db', 1)}  networks: [`)
  const { d, lines } = await daemonOn(root)
  try {
    await waitFor(
      async () => (await webTasksIn(path.join(root, 'web.yaml'))).join() === 'web.1@n1,web.2@n1',
      10_000,
      'the drain',
    )
    expect(lines).toContain(
      `held: ${path.join(root, 'db.yaml')} does not load and berth has no last good copy of it; it defines only Service, whose absence stops no running task, so nothing else waits for it`,
    )
    expect(lines.some((l) => l.includes('keeps the status in its file'))).toBe(false)
  } finally {
    await d.stop()
  }
})

test('a half-saved node file at start-up still holds every eviction: it may define the node', async () => {
  const root = cleanUp.dir(tempDir())
  const before = await converged(root)
  await writeFile(
    path.join(root, 'nodes.yaml'),
    `${nodeYaml('n1')}---\n${nodeYaml('n2', 'spec: {availability: drain')}`,
  )
  const { d, lines } = await daemonOn(root)
  try {
    expect(lines).toContain(
      `held: ${path.join(root, 'nodes.yaml')} does not load and berth has no last good copy of it; what it defines is unknown, so no running task is stopped until it loads`,
    )
    expect(await webTasksIn(path.join(root, 'web.yaml'))).toEqual(before)
  } finally {
    await d.stop()
  }
})
