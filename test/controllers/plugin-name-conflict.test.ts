import { expect, test } from 'vitest'
import type { PluginStatus } from '../../src/model/status.js'
import { cleanupAfterEach, cluster, converge, node, removeDoc, statusOf, weave2 } from '../support/cluster.js'

/** Docker keeps one plugin per name on a node: two Plugins under one name are a conflict, said plainly. */
const track = cleanupAfterEach()
const where = (status: PluginStatus | undefined) => (status?.nodes ?? []).map((n) => n.node)
const readyOf = (status: PluginStatus | undefined) => status?.conditions?.find((c) => c.type === 'Ready')

test('two Plugins enabled under the same name on one node: the first by name keeps it, the other says why', async () => {
  const dir = track(
    cluster([
      node('node1', { role: 'manager' }),
      node('node2'),
      { ...weave2(['node1', 'node2']), metadata: { name: 'weave-a' } },
      { ...weave2(['node2']), metadata: { name: 'weave-b' } },
    ]),
  )
  const { store } = await converge(dir)
  expect(where(statusOf(store, 'Plugin', 'weave-a'))).toEqual(['node1', 'node2'])
  expect(where(statusOf(store, 'Plugin', 'weave-b'))).toEqual([])
  const cond = readyOf(statusOf(store, 'Plugin', 'weave-b'))
  expect(cond).toMatchObject({ status: 'False', reason: 'NameConflict' })
  expect(cond?.message).toContain('the name bboreham/weave2:latest is already used on node2 (Plugin weave-a)')
  // node2 advertises the plugin once.
  expect(statusOf(store, 'Node', 'node2')?.plugins).toEqual([
    { type: 'Network', name: 'bboreham/weave2:latest' },
  ])
  // The first one goes: the other takes the node, in the same pass.
  removeDoc(dir, 'Plugin', 'weave-a')
  const after = await converge(dir)
  expect(where(statusOf(after.store, 'Plugin', 'weave-b'))).toEqual(['node2'])
  expect(readyOf(statusOf(after.store, 'Plugin', 'weave-b'))?.status).toBe('True')
})
