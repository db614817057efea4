import { readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { berthInProcess } from './cli-harness.js'

/**
 * What a one-shot `berth reconcile` could not do is reported where it is, as diagnostics are:
 * `file:line:col: error: …`, the file relative to the working directory (here the folder above
 * `cluster/`, given as `--dir cluster`), the position that of the resource's `metadata.name`.
 */
const MANIFESTS = fileURLToPath(new URL('../../manifests', import.meta.url))

let root = ''
let cluster = ''
let service = ''
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'berth-report-'))
  cluster = path.join(root, 'cluster')
  await cp(MANIFESTS, cluster, { recursive: true })
  service = path.join(cluster, 'services/myservice.yaml')
  // A new replica count: the run has the service's status (and the nodes') to write.
  await writeFile(service, (await readFile(service, 'utf8')).replace('replicas: 8', 'replicas: 6'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

/** `berth reconcile --dir cluster` from the folder above; `reconciled` runs after each reconcile, before the writes. */
const reconcile = (reconciled: () => void = () => undefined) =>
  berthInProcess(['reconcile', '--dir', 'cluster'], {
    cwd: root,
    env: { NO_COLOR: '1', SOURCE_DATE_EPOCH: '1764324000' },
    terminal: true,
    // The progress line says when a reconcile is done, before anything is written.
    onErr: (text) => {
      if (/reconciling (\d+)\/\1/.test(text)) reconciled()
    },
  })

// `  name: myservice` is line 8 of the demo's file.
const AT_SERVICE = 'cluster/services/myservice.yaml:8:3:'

test('a status berth cannot splice in (a flow mapping): at the resource, the file as the person reaches it', async () => {
  await writeFile(
    path.join(cluster, 'volumes/flow.yaml'),
    '{apiVersion: berth.dev/v1, kind: Volume, metadata: {name: flowvol}}\n',
  )
  const { code, err } = await reconcile()
  expect(err).toContain(
    'cluster/volumes/flow.yaml:1:53: error: cannot write status: the document is a flow mapping {...}, not a block mapping\n',
  )
  expect(code).toBe(1)
})

test('a write berth refuses (the file became a link out of the tree meanwhile): at the first resource whose status was to change', async () => {
  const outside = path.join(root, 'elsewhere.yaml')
  let linked = false
  const { code, err } = await reconcile(() => {
    if (linked) return
    linked = true
    writeFileSync(outside, readFileSync(service))
    renameSync(service, `${service}.moved`)
    symlinkSync(outside, service)
  })
  expect(err).toContain(`${AT_SERVICE} error: cannot write status: refusing to write through symlink `)
  expect(code).toBe(1)
})

test('a file a person keeps editing under every write: the warning is at the resource whose status was to change', async () => {
  let edits = 0
  const { code, err } = await reconcile(() => {
    edits++
    writeFileSync(service, `${readFileSync(service, 'utf8')}# edit ${edits}\n`)
  })
  expect(edits).toBe(3)
  expect(err).toContain(`${AT_SERVICE} warning: changed while berth was writing; not overwritten\n`)
  expect(code).toBe(1)
  expect(await readFile(service, 'utf8')).toMatch(/# edit 3\n$/)
})
