import { describe, expect, test } from 'vitest'
import type { WrittenPortSpec } from '../../src/model/spec.js'
import type { Doc } from '../support/cluster.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  editDoc,
  editSpec,
  expectIdempotent,
  node,
  ready,
  reconcileDir,
  service,
  statusOf,
  tasksPerNode,
  writeDocs,
} from '../support/cluster.js'

const track = cleanupAfterEach()
const nodes = [node('node1'), node('node2'), node('node3')]
const make = (docs: Doc[]) => track(cluster([...nodes, ...docs]))
const host = (published: number, extra: Partial<WrittenPortSpec> = {}): WrittenPortSpec => ({
  target: 80,
  published,
  mode: 'host',
  ...extra,
})
const ingress = (published: number, extra: Partial<WrittenPortSpec> = {}): WrittenPortSpec => ({
  target: 80,
  published,
  ...extra,
})
type Store = Awaited<ReturnType<typeof reconcileDir>>['store']
const pending = (store: Store, svc: string) =>
  (statusOf(store, 'Service', svc)?.tasks ?? []).filter((t) => t.state === 'pending').map((t) => t.message)

describe('host-mode ports: one task per node per port', () => {
  test('more replicas than nodes: the rest wait, in Swarm words', async () => {
    const { store } = await reconcileDir(make([service('edge', { replicas: 4, ports: [host(80)] })]))
    expect(tasksPerNode(store, 'edge')).toEqual({ node1: 1, node2: 1, node3: 1 })
    expect(pending(store, 'edge')).toEqual(['no suitable node (host-mode port already in use on 3 nodes)'])
    expect(ready(store, 'Service', 'edge')?.message).toContain(
      'node1, node2, node3: host-mode port 80/tcp already in use by another task of this service',
    )
  })

  test("another service's task holds the port on a node: that node is skipped, naming the service", async () => {
    const dir = make([
      service('a-proxy', { replicas: 2, ports: [host(443)] }),
      service('b-proxy', { replicas: 2, ports: [host(443)] }),
    ])
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'a-proxy')).toEqual({ node1: 1, node2: 1 })
    expect(tasksPerNode(store, 'b-proxy')).toEqual({ node3: 1 })
    expect(pending(store, 'b-proxy')).toEqual(['no suitable node (host-mode port already in use on 3 nodes)'])
    expect(ready(store, 'Service', 'b-proxy')?.message).toContain(
      'node1, node2: host-mode port 443/tcp already in use by service a-proxy',
    )
  })

  test.each([
    ['another protocol', host(53, { protocol: 'udp' }), { node1: 1, node2: 1, node3: 1 }],
    ['another port', host(54), { node1: 1, node2: 1, node3: 1 }],
  ])('%s does not clash', async (_name, port, spread) => {
    const dir = make([
      service('dns', { replicas: 3, ports: [host(53)] }),
      service('other', { replicas: 3, ports: [port] }),
    ])
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'other')).toEqual(spread)
  })

  test('a host port added to a running service rolls it; what cannot fit waits, the old copies keep running', async () => {
    const dir = make([service('web', { replicas: 6 })])
    const six = await converge(dir)
    expect(tasksPerNode(six.store, 'web')).toEqual({ node1: 2, node2: 2, node3: 2 })
    editSpec(dir, 'Service', 'web', (s) => {
      s.ports = [host(8080)]
    })
    const { store } = await converge(dir)
    const status = statusOf(store, 'Service', 'web')
    const running = (status?.tasks ?? []).filter((t) => t.desiredState === 'running' && t.state === 'running')
    // A port is a template change: tasks are replaced slot by slot. Three replacements find a node
    // with the port free (one per node); the fourth fits nowhere, so the update pauses with the
    // old tasks still running rather than take a slot down.
    const target = running.find((t) => t.slot === 1)?.template
    const nodesWithPort = running.filter((t) => t.template === target).map((t) => t.node)
    expect(new Set(nodesWithPort).size).toBe(nodesWithPort.length)
    expect(nodesWithPort.length).toBe(3)
    expect(running).toHaveLength(6)
    expect(status?.updateStatus?.state).toBe('paused')
    expect(status?.updateStatus?.message).toContain('host-mode port already in use')
  })

  test('a host port removed from a running service rolls it; the freed port lets a waiting service in', async () => {
    const dir = make([
      service('a', { replicas: 3, ports: [host(8080)] }),
      service('b', { replicas: 1, ports: [host(8080)] }),
    ])
    const before = await converge(dir)
    expect(tasksPerNode(before.store, 'a')).toEqual({ node1: 1, node2: 1, node3: 1 })
    expect(tasksPerNode(before.store, 'b')).toEqual({})
    editSpec(dir, 'Service', 'a', (s) => {
      delete s.ports
    })
    const { store } = await converge(dir)
    const a = statusOf(store, 'Service', 'a')
    expect(a?.updateStatus?.state).toBe('completed')
    const live = (a?.tasks ?? []).filter((t) => t.desiredState === 'running')
    expect(live).toHaveLength(3)
    // The new template publishes no port, so its tasks hold none; the old ones did.
    expect(live.every((t) => t.hostPorts === undefined)).toBe(true)
    expect(
      (a?.tasks ?? [])
        .filter((t) => t.desiredState === 'shutdown')
        .every((t) => t.hostPorts?.[0] === '8080/tcp'),
    ).toBe(true)
    expect(Object.values(tasksPerNode(store, 'b'))).toEqual([1])
    // And a may now run two per node: nothing of its own holds a port any more.
    editSpec(dir, 'Service', 'a', (s) => {
      s.replicas = 6
    })
    const more = await converge(dir)
    expect(tasksPerNode(more.store, 'a')).toEqual({ node1: 2, node2: 2, node3: 2 })
  })

  test('a host port added to a service with replicas ≤ nodes rolls it fully, one per node', async () => {
    const dir = make([service('web', { replicas: 3 })])
    await converge(dir)
    editSpec(dir, 'Service', 'web', (s) => {
      s.ports = [host(8080)]
    })
    const { store } = await converge(dir)
    const status = statusOf(store, 'Service', 'web')
    expect(status?.updateStatus?.state).toBe('completed')
    const live = (status?.tasks ?? []).filter((t) => t.desiredState === 'running')
    expect(live.map((t) => t.hostPorts)).toEqual([['8080/tcp'], ['8080/tcp'], ['8080/tcp']])
    expect(tasksPerNode(store, 'web')).toEqual({ node1: 1, node2: 1, node3: 1 })
    expect((await reconcileDir(dir)).writes).toEqual([])
  })

  test('a paused port update holds: old tasks without the port never count as holders, for itself or others', async () => {
    const dir = make([service('web', { replicas: 6 })])
    await converge(dir)
    editSpec(dir, 'Service', 'web', (s) => {
      s.ports = [host(8080)]
    })
    await converge(dir)
    // Another service wants 8080 too: every node has a real holder (web's new tasks), so it waits,
    // naming web — and web's three old tasks, which publish nothing, are not what blocks it.
    writeDocs(dir, [service('zz', { replicas: 1, ports: [host(8080)] })])
    const { store } = await converge(dir)
    expect(pending(store, 'zz')).toEqual(['no suitable node (host-mode port already in use on 3 nodes)'])
    const web = statusOf(store, 'Service', 'web')
    const live = (web?.tasks ?? []).filter((t) => t.desiredState === 'running' && t.state === 'running')
    expect(live).toHaveLength(6)
    expect(live.filter((t) => t.hostPorts).length).toBe(3)
    expect(web?.updateStatus?.state).toBe('paused')
    expect((await reconcileDir(dir)).writes).toEqual([])
  })

  test('a port added to a global service: where another service really holds it, the update pauses and nothing clashes', async () => {
    const dir = make([
      service('agent', { mode: 'global' }),
      service('zz', { replicas: 1, ports: [host(9100)] }),
    ])
    const before = await converge(dir)
    const zzNode = Object.keys(tasksPerNode(before.store, 'zz'))[0] as string
    editSpec(dir, 'Service', 'agent', (s) => {
      s.ports = [host(9100)]
    })
    const { store } = await converge(dir)
    const agent = statusOf(store, 'Service', 'agent')
    const live = (agent?.tasks ?? []).filter((t) => t.desiredState === 'running' && t.state === 'running')
    // agent's old task on zz's node publishes nothing, so it does not take the port from zz (an
    // eviction by name order is for two real holders); its replacement cannot go there, so the
    // update pauses, as Swarm's would when the new container fails to bind, and the old task runs on.
    expect(live).toHaveLength(3)
    expect(live.find((t) => t.node === zzNode)?.hostPorts).toBeUndefined()
    expect(tasksPerNode(store, 'zz')).toEqual({ [zzNode]: 1 })
    expect(agent?.updateStatus?.state).toBe('paused')
    expect(agent?.updateStatus?.message).toContain(
      `host-mode port 9100/tcp already in use by service zz on ${zzNode}`,
    )
    expect((await reconcileDir(dir)).writes).toEqual([])
  })

  test('task lines written before tasks recorded their ports are adopted: they hold the port again', async () => {
    const dir = make([service('edge', { replicas: 2, ports: [host(80)] })])
    await converge(dir)
    // As the merged build wrote them: template stamped, no hostPorts.
    editDoc(dir, 'Service', 'edge', (d) => {
      const status = (d as { status?: { tasks?: { hostPorts?: string[] }[] } }).status
      for (const t of status?.tasks ?? []) delete t.hostPorts
      return undefined
    })
    writeDocs(dir, [service('other', { replicas: 3, ports: [host(80)] })])
    const { store } = await converge(dir)
    const edge = (statusOf(store, 'Service', 'edge')?.tasks ?? []).filter((t) => t.desiredState === 'running')
    expect(edge.map((t) => t.hostPorts)).toEqual([['80/tcp'], ['80/tcp']])
    const edgeNodes = Object.keys(tasksPerNode(store, 'edge'))
    const otherNodes = Object.keys(tasksPerNode(store, 'other'))
    expect(edgeNodes).toHaveLength(2)
    expect(otherNodes).toHaveLength(1)
    expect(edgeNodes).not.toContain(otherNodes[0])
    expect((await reconcileDir(dir)).writes).toEqual([])
  })

  test('two running services given the same host port end on different nodes', async () => {
    const onNode1 = { constraints: ['node.hostname==node1'] }
    const dir = make([service('alpha', { placement: onNode1 }), service('beta', { placement: onNode1 })])
    const before = await converge(dir)
    expect(tasksPerNode(before.store, 'beta')).toEqual({ node1: 1 })
    for (const name of ['beta', 'alpha'])
      editSpec(dir, 'Service', name, (s) => {
        delete s.placement
        s.ports = [host(9000)]
      })
    const { store } = await converge(dir)
    const alpha = Object.keys(tasksPerNode(store, 'alpha'))
    const beta = Object.keys(tasksPerNode(store, 'beta'))
    expect(alpha).toHaveLength(1)
    expect(beta).toHaveLength(1)
    expect(alpha[0]).not.toBe(beta[0])
  })

  test('a global service skips the nodes where another service holds its port, and names them', async () => {
    const dir = make([
      service('agent', { mode: 'global', ports: [host(9100)] }),
      service('exporter', { replicas: 1, ports: [host(9100)] }),
    ])
    const { store } = await reconcileDir(dir)
    // `agent` comes first by name and holds 9100 everywhere; `exporter` then fits nowhere.
    expect(tasksPerNode(store, 'agent')).toEqual({ node1: 1, node2: 1, node3: 1 })
    expect(pending(store, 'exporter')).toEqual([
      'no suitable node (host-mode port already in use on 3 nodes)',
    ])
  })

  test('a global service arriving after a replicated one runs beside it where the port is free', async () => {
    const dir = make([service('exporter', { replicas: 1, ports: [host(9100)] })])
    await converge(dir)
    writeDocs(dir, [service('zz-agent', { mode: 'global', ports: [host(9100)] })])
    const { store } = await converge(dir)
    expect(tasksPerNode(store, 'exporter')).toEqual({ node1: 1 })
    expect(tasksPerNode(store, 'zz-agent')).toEqual({ node2: 1, node3: 1 })
    expect(ready(store, 'Service', 'zz-agent')?.message).toContain(
      'node1: host-mode port 9100/tcp already in use by service exporter',
    )
  })

  test('the port is freed: the waiting task starts', async () => {
    const dir = make([
      service('a', { replicas: 3, ports: [host(80)] }),
      service('b', { replicas: 1, ports: [host(80)] }),
    ])
    await converge(dir)
    editSpec(dir, 'Service', 'a', (s) => {
      s.replicas = 2
    })
    const { store } = await converge(dir)
    const freed = Object.keys(tasksPerNode(store, 'b'))
    expect(freed).toHaveLength(1)
    expect(Object.keys(tasksPerNode(store, 'a'))).not.toContain(freed[0])
  })

  test('an ingress port is taken on every node: a host-mode task of that number fits nowhere', async () => {
    const dir = make([
      service('mesh', { ports: [ingress(80)] }),
      service('edge', { replicas: 2, ports: [host(80)] }),
    ])
    const { store } = await reconcileDir(dir)
    expect(tasksPerNode(store, 'edge')).toEqual({})
    const why = 'no suitable node (host-mode port already in use on 3 nodes)'
    expect(pending(store, 'edge')).toEqual([why, why])
    expect(ready(store, 'Service', 'edge')?.message).toContain(
      'host-mode port 80/tcp already in use by service mesh as an ingress port',
    )
  })

  test('a service that takes the port for ingress moves running host-mode tasks off it', async () => {
    const dir = make([service('edge', { replicas: 2, ports: [host(80)] })])
    await converge(dir)
    writeDocs(dir, [service('mesh', { ports: [ingress(80)] })])
    const { store } = await converge(dir)
    expect(tasksPerNode(store, 'edge')).toEqual({})
    const history = (statusOf(store, 'Service', 'edge')?.tasks ?? []).filter(
      (t) => t.desiredState === 'shutdown',
    )
    const why = 'port 80/tcp is in use by service mesh as an ingress port'
    expect(history.map((t) => t.message)).toEqual([why, why])
    // …and the port is free again once the mesh lets go.
    editSpec(dir, 'Service', 'mesh', (s) => {
      delete s.ports
    })
    expect(Object.keys(tasksPerNode((await converge(dir)).store, 'edge'))).toHaveLength(2)
  })

  test('idempotent', async () => {
    await expectIdempotent(
      make([
        service('a', { replicas: 4, ports: [host(80)] }),
        service('b', { replicas: 2, ports: [host(80)] }),
      ]),
    )
  })
})

describe('ingress ports: one service per port, cluster-wide', () => {
  test('two new services want 8080: the first by name holds it, the other is not Ready and names it', async () => {
    const dir = make([
      service('api', { ports: [ingress(8080)] }),
      service('web', { replicas: 2, ports: [ingress(8080)] }),
    ])
    const { store } = await reconcileDir(dir)
    expect(statusOf(store, 'Service', 'api')?.ports).toEqual([
      { protocol: 'tcp', target: 80, published: 8080, mode: 'ingress' },
    ])
    expect(statusOf(store, 'Service', 'web')?.ports).toBeUndefined()
    const message = 'port 8080/tcp is already in use by service api as an ingress port'
    expect(ready(store, 'Service', 'web')).toMatchObject({ status: 'False', reason: 'PortInUse' })
    expect(ready(store, 'Service', 'web')?.message).toContain(message)
    expect(pending(store, 'web')).toEqual([message, message])
  })

  test('the later one by creation loses, whatever its name: a running holder keeps its port', async () => {
    const dir = make([service('web', { replicas: 2, ports: [ingress(8080)] })])
    await converge(dir)
    writeDocs(dir, [service('api', { ports: [ingress(8080)] })])
    const { store } = await converge(dir)
    expect(tasksPerNode(store, 'web')).toEqual({ node1: 1, node2: 1 })
    expect(ready(store, 'Service', 'api')?.message).toContain('already in use by service web')
    expect(tasksPerNode(store, 'api')).toEqual({})
  })

  test('the holder lets go: the other takes the port', async () => {
    const dir = make([
      service('web', { ports: [ingress(8080)] }),
      service('zeta', { ports: [ingress(8080)] }),
    ])
    await converge(dir)
    editSpec(dir, 'Service', 'web', (s) => {
      s.ports = [ingress(8081)]
    })
    const { store } = await converge(dir)
    expect(ready(store, 'Service', 'zeta')).toMatchObject({ status: 'True' })
    expect(statusOf(store, 'Service', 'zeta')?.ports?.map((p) => p.published)).toEqual([8080])
    expect(statusOf(store, 'Service', 'web')?.ports?.map((p) => p.published)).toEqual([8081])
  })

  test('udp and tcp on the same number are two ports', async () => {
    const dir = make([
      service('a', { ports: [ingress(53, { protocol: 'udp' })] }),
      service('b', { ports: [ingress(53)] }),
    ])
    const { store } = await reconcileDir(dir)
    expect(ready(store, 'Service', 'b')).toMatchObject({ status: 'True' })
  })

  test('a port published twice in one service is an input error', async () => {
    const dir = make([service('web', { ports: [ingress(8080), ingress(8080, { target: 81 })] })])
    const { tree } = await reconcileDir(dir)
    expect(tree.diagnostics.map((d) => d.message)).toEqual([
      'spec.ports[1].published: port 8080/tcp is already published by spec.ports[0]',
    ])
  })

  test('idempotent', async () => {
    await expectIdempotent(
      make([
        service('api', { ports: [ingress(8080), host(9000)] }),
        service('web', { ports: [ingress(8080)] }),
      ]),
    )
  })
})
