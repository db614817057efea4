import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { contentInputs } from '../../controllers/service/content-refs.js'
import type { FileContentSpec, ServiceSpec } from '../../src/model/spec.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  doc,
  expectIdempotent,
  fileOf,
  get,
  node,
  ready,
  reconcileDir,
  removeDoc,
  service,
  statusOf,
  tasksPerNode,
  writeDocs,
} from '../support/cluster.js'

const track = cleanupAfterEach()
const secret = (name: string, spec: FileContentSpec = { file: `${name}.txt` }) => doc('Secret', name, spec)
const config = (name: string, spec: FileContentSpec = { file: `${name}.conf` }) => doc('Config', name, spec)
const nodes = [node('node1'), node('node2')]

function make(docs: Doc[], files: Record<string, string> = {}) {
  const dir = track(cluster([...nodes, ...docs]))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return dir
}
const pendingMessages = (store: Awaited<ReturnType<typeof reconcileDir>>['store'], svc: string) =>
  (statusOf(store, 'Service', svc)?.tasks ?? []).filter((t) => t.state === 'pending').map((t) => t.message)

describe('a service and the secrets and configs it uses', () => {
  test('all there (short and long syntax): the tasks run', async () => {
    const dir = make(
      [
        secret('db-password'),
        config('nginx-conf'),
        service('web', {
          replicas: 2,
          secrets: ['db-password'],
          configs: [
            { source: 'nginx-conf', target: '/etc/nginx/nginx.conf', uid: '0', gid: '0', mode: 0o440 },
          ],
        }),
      ],
      { 'db-password.txt': 'pw', 'nginx-conf.conf': 'events {}' },
    )
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'web')).toEqual({ node1: 1, node2: 1 })
  })

  test.each([
    ['a missing secret', [], { secrets: ['db-password'] }, 'SecretNotFound', 'secret db-password not found'],
    [
      'a missing config (long syntax)',
      [],
      { configs: [{ source: 'nginx-conf', target: '/etc/nginx.conf' }] },
      'ConfigNotFound',
      'config nginx-conf not found',
    ],
    [
      'a secret whose file is missing',
      [secret('db-password')],
      { secrets: ['db-password'] },
      'SecretNotReady',
      'secret db-password is not ready: secret db-password: db-password.txt not found',
    ],
  ] as const)('%s leaves the tasks pending, saying which', async (_name, extra, spec, reason, message) => {
    const dir = make([
      ...extra,
      service('web', { replicas: 2, ...(structuredClone(spec) as unknown as Partial<ServiceSpec>) }),
    ])
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'web')).toEqual({})
    expect(pendingMessages(store, 'web')).toEqual([message, message])
    expect(ready(store, 'Service', 'web')).toMatchObject({ status: 'False', reason })
    expect(ready(store, 'Service', 'web')?.message).toContain(message)
  })

  test('an external secret is enough', async () => {
    const dir = make([secret('vault', { external: true }), service('web', { secrets: ['vault'] })])
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'web')).toEqual({ node1: 1 })
  })

  test('the secret arrives: the waiting tasks start; it goes: they keep running, new ones wait', async () => {
    const dir = make([service('web', { replicas: 2, secrets: ['db-password'] })])
    await converge(dir)
    writeDocs(dir, [secret('db-password')])
    writeFileSync(join(dir, 'db-password.txt'), 'pw')
    const started = (await converge(dir)).store
    expect(tasksPerNode(started, 'web')).toEqual({ node1: 1, node2: 1 })
    const running = (store: typeof started) =>
      (statusOf(store, 'Service', 'web')?.tasks ?? []).filter((t) => t.state === 'running').map((t) => t.id)
    const ids = running(started)

    // Gone (a clone without the content, a deleted manifest): a running task keeps what it
    // was given, as a container keeps its mounted secret; the service says what is missing.
    removeDoc(dir, 'Secret', 'db-password')
    const gone = (await converge(dir)).store
    expect(running(gone)).toEqual(ids)
    expect(ready(gone, 'Service', 'web')).toMatchObject({
      status: 'True',
      message: 'service web: 2/2 tasks running; new tasks wait: secret db-password not found',
    })
    expect(statusOf(gone, 'Service', 'web')?.updateStatus).toBeUndefined()
    // A new task cannot start without it (an edit of replicas that keeps the file's status).
    const file = join(dir, fileOf('Service', 'web'))
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 2', 'replicas: 3'))
    const scaled = (await converge(dir)).store
    expect(running(scaled)).toEqual(ids)
    expect(pendingMessages(scaled, 'web')).toEqual(['secret db-password not found'])
    expect(ready(scaled, 'Service', 'web')).toMatchObject({ status: 'False', reason: 'SecretNotFound' })

    // Back with the same content: the third task starts, nothing is replaced.
    writeDocs(dir, [secret('db-password')])
    const back = (await converge(dir)).store
    expect(running(back)).toEqual(expect.arrayContaining(ids))
    expect(running(back)).toHaveLength(3)
    expect(statusOf(back, 'Service', 'web')?.updateStatus).toBeUndefined()
  })

  test('a secret whose file goes missing: the running tasks stay; new content then rolls them', async () => {
    const dir = make([secret('db-password'), service('web', { replicas: 2, secrets: ['db-password'] })], {
      'db-password.txt': 'pw',
    })
    const ids = (store: Awaited<ReturnType<typeof converge>>['store']) =>
      (statusOf(store, 'Service', 'web')?.tasks ?? []).filter((t) => t.state === 'running').map((t) => t.id)
    const before = ids((await converge(dir)).store)
    rmSync(join(dir, 'db-password.txt'))
    const missing = (await converge(dir)).store
    expect(ids(missing)).toEqual(before)
    expect(ready(missing, 'Service', 'web')?.message).toContain(
      'new tasks wait: secret db-password is not ready',
    )
    writeFileSync(join(dir, 'db-password.txt'), 'rotated')
    const rotated = (await converge(dir)).store
    expect(ids(rotated)).toHaveLength(2)
    expect(ids(rotated).filter((id) => before.includes(id))).toEqual([])
    expect(statusOf(rotated, 'Service', 'web')?.updateStatus?.state).toBe('completed')
  })

  test('idempotent', async () => {
    await expectIdempotent(
      make([secret('s'), config('c'), service('web', { replicas: 3, secrets: ['s'], configs: ['c'] })], {
        's.txt': 'x',
        'c.conf': 'y',
      }),
    )
  })
})

describe('contentInputs: what a content change rolls', () => {
  const docs = [
    secret('s1'),
    secret('s2'),
    config('c1'),
    secret('vault', { external: true }),
    service('a', { secrets: ['s1'] }),
    service('b', { secrets: [{ source: 's2', target: 'two' }, 'vault'], configs: ['c1'] }),
    service('c'),
  ]
  const files = { 's1.txt': 'one', 's2.txt': 'two', 'c1.conf': 'conf' }
  const inputsOf = async (dir: string) => {
    const { store, view } = await converge(dir)
    return Object.fromEntries(
      ['a', 'b', 'c'].map((s) => [s, contentInputs(get(store, 'Service', s).spec, view)]),
    )
  }

  test('the sorted digests of the content a service uses; external content and no content give none', async () => {
    const dir = make(docs, files)
    const inputs = await inputsOf(dir)
    const { view } = await reconcileDir(dir)
    const digest = (kind: 'Secret' | 'Config', name: string) => view.get(kind, name)?.status?.digest
    expect(inputs.a).toEqual([digest('Secret', 's1')])
    expect(inputs.b).toEqual([digest('Secret', 's2'), digest('Config', 'c1')].sort())
    expect(inputs.c).toEqual([])
  })

  test.each([
    ['s1.txt', ['a']],
    ['s2.txt', ['b']],
    ['c1.conf', ['b']],
  ])('new content in %s changes the inputs of %j only', async (file, changed) => {
    const dir = make(docs, files)
    const before = await inputsOf(dir)
    writeFileSync(join(dir, file), 'rotated')
    const after = await inputsOf(dir)
    const differ = ['a', 'b', 'c'].filter((s) => JSON.stringify(before[s]) !== JSON.stringify(after[s]))
    expect(differ).toEqual(changed)
  })

  test('the same content again (a touch, a rewrite): the same inputs', async () => {
    const dir = make(docs, files)
    const before = await inputsOf(dir)
    writeFileSync(join(dir, 's1.txt'), 'one')
    expect(await inputsOf(dir)).toEqual(before)
  })
})

describe('references are checked with positions', () => {
  test.each([
    [{ secrets: [{ target: 'x' }] }, 'spec.secrets[0]: needs source'],
    [{ secrets: [{ source: 's', extra: 1 }] }, 'spec.secrets[0].extra: unknown field'],
    [{ secrets: [42] }, 'spec.secrets[0]: must be a secret name or {source'],
    [{ configs: ['bad name!'] }, 'spec.configs[0]: must be a config name'],
    [{ secrets: [{ source: 's', uid: 0 }] }, 'spec.secrets[0].uid: must be a numeric id in quotes'],
    [{ secrets: [{ source: 's', mode: 0o1777 }] }, 'spec.secrets[0].mode: must be a file mode'],
    [
      { secrets: ['s', { source: 't', target: 's' }] },
      'spec.secrets[1]: target s is already used by spec.secrets[0]',
    ],
  ])('%j', async (spec, message) => {
    const dir = make([service('web', spec as object)])
    const { tree } = await reconcileDir(dir)
    const found = tree.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`)
    expect(
      found.some((d) => /^service-web\.yaml:\d+:\d+: /.test(d) && d.includes(message)),
      found.join('\n'),
    ).toBe(true)
  })
})
