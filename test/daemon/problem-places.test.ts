import { copyFile, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { cleanUpAfterEach, waitFor } from '../e2e/daemon.js'
import { tempDir } from '../support/cluster.js'
import { daemonOn, nodeYaml, serviceYaml } from './in-process-daemon.js'

/**
 * The daemon's problem lines point where the problem is, as its diagnostics do
 * (`/dir/file.yaml:line:col: …`): a resource at its `metadata.name`, a file at its first
 * resource. They named a file by its path alone, or a resource by its key alone.
 */
const cleanUp = cleanUpAfterEach()

const node = (name: string) => nodeYaml(name)
const web = (replicas: number) => serviceYaml('web', replicas)

test('a file berth cannot write status into, and a service defined twice, at file:line:col', async () => {
  const root = cleanUp.dir(tempDir())
  await writeFile(
    path.join(root, 'flow.yaml'),
    '{apiVersion: berth.dev/v1, kind: Volume, metadata: {name: flowvol}}\n',
  )
  await writeFile(path.join(root, 'nodes.yaml'), node('n1'))
  await writeFile(path.join(root, 'web.yaml'), web(1))
  await copyFile(path.join(root, 'web.yaml'), path.join(root, 'web-copy.yaml'))
  const { d, lines } = await daemonOn(root)
  try {
    expect(lines).toContain(
      `${path.join(root, 'flow.yaml')}:1:53: cannot write status: the document is a flow mapping {...}, not a block mapping`,
    )
    expect(lines).toContain(
      `held: Service/web is defined more than once; the daemon keeps the definition in force (${path.join(root, 'web-copy.yaml')}:4:3) until only one is left`,
    )
  } finally {
    await d.stop()
  }
})

test('a service whose status is held while a file does not load, at its metadata.name', async () => {
  const root = cleanUp.dir(tempDir())
  await writeFile(path.join(root, 'nodes.yaml'), node('n1'))
  await writeFile(path.join(root, 'web.yaml'), web(3))
  const first = await daemonOn(root)
  await waitFor(
    async () => (await readFile(path.join(root, 'web.yaml'), 'utf8')).includes('running: 3'),
    10_000,
    '3 running',
  )
  await first.d.stop()
  // Another file that does not load at start-up, and a scale-down meanwhile: the scale-down waits.
  await writeFile(path.join(root, 'more-nodes.yaml'), `${node('n2')}spec: {role: [`)
  const text = await readFile(path.join(root, 'web.yaml'), 'utf8')
  await writeFile(path.join(root, 'web.yaml'), text.replace('replicas: 3', 'replicas: 1'))
  const { d, lines } = await daemonOn(root)
  try {
    expect(lines.find((l) => l.includes('held: Service/web keeps the status'))).toMatch(
      new RegExp(`^${path.join(root, 'web.yaml')}:4:3: held: Service/web keeps the status in its file: `),
    )
  } finally {
    await d.stop()
  }
})
