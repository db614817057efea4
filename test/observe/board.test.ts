import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { reconcileOnce } from '../../src/engine/reconcile-once.js'
import { renderBoard } from '../../src/observe/board-html.js'
import { boardModel } from '../../src/observe/board-model.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import { createValidator } from '../../src/validate/validator.js'
import { demoCopy, edit } from '../e2e/berth-cli.js'

const clock = { iso: () => '2026-11-28T11:00:00Z', ms: () => 0, wall: () => 0 }

/** The demo, edited by `change`, reconciled in memory: the store the daemon would hold. */
async function reconciledDemo(change: (dir: string) => Promise<void>) {
  const dir = await demoCopy()
  await change(dir)
  const { store, report } = await reconcileOnce({
    dir,
    validator: createValidator(),
    registry: loadRegistry([]),
    clock,
  })
  expect(report).toBeDefined()
  return store
}

describe('the live page board', () => {
  test('the demo: two node columns with role, availability, plugins and 4+4 (+1) running tasks', async () => {
    const model = boardModel(await reconciledDemo(async () => {}))
    expect(model.nodes.map((n) => [n.name, n.role, n.availability, n.state])).toEqual([
      ['node1', 'manager', 'active', 'ready'],
      ['node2', 'worker', 'active', 'ready'],
    ])
    expect(model.nodes[1]?.plugins).toEqual([
      'bboreham/weave2:latest',
      'tiborvass/sample-volume-plugin:latest',
    ])
    const perNode = model.nodes.map((n) => n.tasks.filter((t) => t.service === 'myservice').length)
    expect(perNode).toEqual([4, 4])
    expect(model.nodes[0]?.tasks[0]).toEqual({
      name: 'myservice.1',
      service: 'myservice',
      image: 'mrjana/simpleweb',
      state: 'running',
    })
    expect(model.pending).toEqual([])
    expect(model.waitingPlugins).toEqual([])
    expect(model.counts).toEqual({ services: 2, running: 9, pending: 0 })
  })

  test('ungranted privileges: the plugin waits and the tasks of the service pend, saying why', async () => {
    const model = boardModel(
      await reconciledDemo((dir) =>
        edit(
          path.join(dir, 'plugins/weave2.yaml'),
          /\n {2}grantedPrivileges:[\s\S]*?CAP_NET_ADMIN\]\n/,
          '\n',
        ),
      ),
    )
    expect(model.waitingPlugins).toHaveLength(1)
    expect(model.waitingPlugins[0]?.name).toBe('weave2')
    expect(model.waitingPlugins[0]?.message).toContain('network: [host]')
    expect(model.pending).toHaveLength(8)
    expect(model.pending[0]?.message).toContain('network globalnet is not ready')
    const html = renderBoard(model)
    expect(html).toContain('Pending tasks (8)')
    expect(html).toContain('Plugins waiting for privileges')
  })

  test('a task no node satisfies pends with what each node lacks', async () => {
    const model = boardModel(
      await reconciledDemo((dir) =>
        edit(
          path.join(dir, 'services/myservice.yaml'),
          'replicas: 8',
          'replicas: 8\n  placement: {constraints: ["node.labels.zone==c"]}',
        ),
      ),
    )
    expect(model.pending).toHaveLength(8)
    expect(model.pending[0]?.message).toBe(
      'no suitable node (scheduling constraints not satisfied on 2 nodes)',
    )
    expect(model.pending[0]?.reasons.length).toBeGreaterThan(0)
    expect(model.pending[0]?.reasons.map((r) => `${r.nodes}: ${r.reason}`).join('; ')).toMatch(/node1.*zone/)
    expect(renderBoard(model)).toContain('<ul class="reasons">')
  })

  test('an edit not yet reconciled is listed as stale; names are escaped in the HTML', async () => {
    const dir = await demoCopy()
    await edit(path.join(dir, 'services/myservice.yaml'), 'replicas: 8', 'replicas: 2')
    const { loadOnly } = await import('../../src/engine/reconcile-once.js')
    const { store } = await loadOnly({ dir, validator: createValidator() })
    const model = boardModel(store)
    expect(model.stale).toEqual(['Service/myservice'])
    const html = renderBoard({ ...model, stale: ['Service/<script>'] })
    expect(html).toContain('Service/&#60;script&#62;')
    expect(html).not.toContain('<script>')
  })

  test('an update in progress is shown with its state and message', () => {
    const service = {
      kind: 'Service',
      name: 'web',
      labels: {},
      spec: { image: 'nginx:1.27' },
      generation: 1,
      specDigest: 'x',
      source: { file: 'web.yaml', doc: 0, line: 1, col: 1 },
      status: {
        observedGeneration: 1,
        tasks: [],
        updateStatus: { state: 'paused', message: 'update paused: web.2 could not be placed' },
      },
    }
    const store = {
      list: (kind: string) => (kind === 'Service' ? [service] : []),
    } as unknown as Parameters<typeof boardModel>[0]
    const model = boardModel(store)
    expect(model.updates).toEqual([
      { service: 'web', state: 'paused', message: 'update paused: web.2 could not be placed' },
    ])
    expect(renderBoard(model)).toContain('Updates in progress')
  })
})
