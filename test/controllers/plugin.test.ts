import { describe, expect, test } from 'vitest'
import type { WrittenPluginSpec } from '../../src/model/spec.js'
import type { PluginStatus } from '../../src/model/status.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  editSpec,
  expectIdempotent,
  node,
  plugin,
  ready,
  reconcileDir,
  statusOf,
  weave2,
  writeDocs,
} from '../support/cluster.js'

const track = cleanupAfterEach()
const nodes = [
  node('node1', { role: 'manager' }, { zone: 'a' }),
  node('node2', {}, { zone: 'b' }),
  node('node3', {}, { zone: 'b' }),
]
async function run(docs: Doc[]) {
  const dir = cluster([...nodes, ...docs])
  track(dir)
  return { dir, ...(await reconcileDir(dir)) }
}
const weaveGrant = [
  { name: 'network', value: ['host'] },
  { name: 'capabilities', value: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'] },
]
const where = (status: PluginStatus | undefined) => (status?.nodes ?? []).map((n) => `${n.node}:${n.enabled}`)

describe('what a plugin is and whether it may be installed', () => {
  test.each<[string, WrittenPluginSpec, string, string, Partial<PluginStatus>]>([
    [
      'catalog lookup with exact grant',
      { remote: 'bboreham/weave2', grantedPrivileges: weaveGrant },
      'True',
      'Enabled',
      {
        name: 'bboreham/weave2:latest',
        capabilities: ['networkdriver'],
        scope: 'global',
        privileges: weaveGrant,
      },
    ],
    [
      'grant values in another order still equal the request',
      {
        remote: 'bboreham/weave2',
        grantedPrivileges: [
          { name: 'capabilities', value: ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN'] },
          { name: 'network', value: ['host'] },
        ],
      },
      'True',
      'Enabled',
      {},
    ],
    ['grantAllPermissions', { remote: 'bboreham/weave2', grantAllPermissions: true }, 'True', 'Enabled', {}],
    // A plugin that requests nothing needs no grant.
    [
      'no privileges requested',
      { remote: 'tiborvass/sample-volume-plugin' },
      'True',
      'Enabled',
      {
        name: 'tiborvass/sample-volume-plugin:latest',
        capabilities: ['volumedriver'],
        scope: 'local',
        privileges: [],
      },
    ],
    [
      'not in the catalog',
      { remote: 'nobody/nothing' },
      'False',
      'PluginNotFound',
      { name: 'nobody/nothing:latest', nodes: [] },
    ],
    ['no grant', { remote: 'bboreham/weave2' }, 'False', 'PrivilegesNotGranted', { nodes: [] }],
    [
      'a grant that asks for more than requested',
      {
        remote: 'tiborvass/sample-volume-plugin',
        grantedPrivileges: [{ name: 'network', value: ['host'] }],
      },
      'False',
      'PrivilegesNotGranted',
      { nodes: [] },
    ],
    [
      'alias names the plugin',
      { remote: 'bboreham/weave2', alias: 'weave', grantAllPermissions: true },
      'True',
      'Enabled',
      { name: 'weave:latest' },
    ],
    [
      'tag kept as given',
      { remote: 'bboreham/weave2:2.0', grantAllPermissions: true },
      'True',
      'Enabled',
      { name: 'bboreham/weave2:2.0' },
    ],
    [
      'inline config instead of the catalog',
      {
        remote: 'example/logger',
        config: { interface: { types: ['docker.logdriver/1.0'] }, scope: 'local' },
      },
      'True',
      'Enabled',
      { name: 'example/logger:latest', capabilities: ['logdriver'] },
    ],
  ])('%s', async (_name, spec, status, reason, expected) => {
    const { store } = await run([plugin('p', spec)])
    expect(ready(store, 'Plugin', 'p')).toMatchObject({ status, reason })
    expect(statusOf(store, 'Plugin', 'p')).toMatchObject(expected)
  })

  test("missing privileges are listed in Docker's words", async () => {
    const { store } = await run([plugin('p', { remote: 'vieux/sshfs' })])
    const message = ready(store, 'Plugin', 'p')?.message ?? ''
    for (const words of [
      'network: [host]',
      'mount: [/var/lib/docker/plugins/]',
      'device: [/dev/fuse]',
      'capabilities: [CAP_SYS_ADMIN]',
    ])
      expect(message).toContain(words)
    expect(message).toContain('grantAllPermissions')
  })

  test('a partial grant names only what is still missing', async () => {
    const { store } = await run([
      plugin('p', { remote: 'bboreham/weave2', grantedPrivileges: [{ name: 'network', value: ['host'] }] }),
    ])
    const message = ready(store, 'Plugin', 'p')?.message ?? ''
    expect(message).toContain('capabilities: [CAP_SYS_ADMIN CAP_NET_ADMIN]')
    expect(message).not.toContain('network: [host]')
  })

  test('an ungranted plugin is advertised by no node', async () => {
    const { store } = await run([plugin('p', { remote: 'bboreham/weave2' })])
    for (const n of ['node1', 'node2', 'node3']) expect(statusOf(store, 'Node', n)?.plugins).toEqual([])
  })
})

describe('where a plugin is installed', () => {
  test.each<[string, Partial<WrittenPluginSpec>, string[], string]>([
    ['listed nodes', { nodes: ['node2', 'node1'] }, ['node1:true', 'node2:true'], 'Enabled'],
    ['nodeSelector', { nodeSelector: { zone: 'b' } }, ['node2:true', 'node3:true'], 'Enabled'],
    ['cluster-wide', {}, ['node1:true', 'node2:true', 'node3:true'], 'Enabled'],
    ['installed but disabled', { enabled: false }, ['node1:false', 'node2:false', 'node3:false'], 'Disabled'],
    ['a listed node that does not exist', { nodes: ['node1', 'node9'] }, ['node1:true'], 'NodeNotFound'],
  ])('%s', async (_name, extra, expected, reason) => {
    const { store } = await run([weave2(undefined, extra)])
    expect(where(statusOf(store, 'Plugin', 'weave2'))).toEqual(expected)
    expect(ready(store, 'Plugin', 'weave2')?.reason).toBe(reason)
  })

  test('many listed nodes that do not exist: the message names three and counts the rest', async () => {
    const { store } = await run([weave2(['node1', 'a9', 'b9', 'c9', 'd9', 'e9'])])
    expect(ready(store, 'Plugin', 'weave2')?.message).toBe(
      'plugin bboreham/weave2:latest: nodes a9, b9, c9 and 2 more not found; installed on 1 of 6',
    )
  })

  test('a node added later gets a cluster-wide plugin', async () => {
    const { dir } = await run([weave2()])
    await converge(dir)
    writeDocs(dir, [node('node4')])
    const { store } = await reconcileDir(dir)
    expect(where(statusOf(store, 'Plugin', 'weave2'))).toContain('node4:true')
    expect(statusOf(store, 'Node', 'node4')?.plugins).toEqual([
      { type: 'Network', name: 'bboreham/weave2:latest' },
    ])
  })

  test('granting later installs it', async () => {
    const { dir } = await run([plugin('w', { remote: 'bboreham/weave2', nodes: ['node1'] })])
    await converge(dir)
    editSpec(dir, 'Plugin', 'w', (s) => {
      s.grantAllPermissions = true
    })
    const { store } = await reconcileDir(dir)
    expect(ready(store, 'Plugin', 'w')).toMatchObject({
      status: 'True',
      lastTransitionTime: expect.any(String),
    })
    expect(where(statusOf(store, 'Plugin', 'w'))).toEqual(['node1:true'])
  })

  test('idempotent', async () => {
    const { dir } = await run([weave2(['node1', 'node2']), plugin('x', { remote: 'vieux/sshfs' })])
    await expectIdempotent(dir)
  })
})
