import { describe, expect, test } from 'vitest'
import type { Resource } from '../../src/model/resource.js'
import type { NodePlugin, PluginIndex } from '../../src/view/plugin-index.js'
import { buildSchedNodes } from '../../src/view/sched-nodes.js'
import { resourceOf } from '../support/resources.js'

const weave: NodePlugin = { type: 'Network', name: 'weaveworks/net-plugin:latest' }
const loki: NodePlugin = { type: 'Log', name: 'grafana/loki-docker-driver:latest' }

function index(byNode: Record<string, NodePlugin[]>): PluginIndex {
  return { byNode: new Map(Object.entries(byNode)), providers: new Map(), declared: new Set() }
}

describe('the scheduler nodes', () => {
  const nodes = ['n1', 'n2', 'n3', 'n4'].map((n) => resourceOf('Node', n, '{}') as Resource<'Node'>)

  test('each node holds exactly the plugins enabled on it', () => {
    const built = buildSchedNodes(nodes, index({ n1: [weave, loki], n2: [weave, loki], n3: [weave] }), [])
    expect(built.map((n) => [...n.plugins].sort())).toEqual([
      ['Log:grafana/loki-docker-driver:latest', 'Network:weaveworks/net-plugin:latest'],
      ['Log:grafana/loki-docker-driver:latest', 'Network:weaveworks/net-plugin:latest'],
      ['Network:weaveworks/net-plugin:latest'],
      [],
    ])
  })

  test('nodes with the same plugins share one set, read once', () => {
    const built = buildSchedNodes(nodes, index({ n1: [weave, loki], n2: [weave, loki], n3: [weave] }), [])
    const [n1, n2, n3] = built
    expect(n1?.plugins).toBe(n2?.plugins)
    expect(n3?.plugins).not.toBe(n1?.plugins)
  })
})
