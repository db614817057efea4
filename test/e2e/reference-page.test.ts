import path from 'node:path'
import { beforeEach, describe, expect, test } from 'vitest'
import { berth, demoCopy, documents, edit, runningTasks } from './berth-cli.js'

// Docker's page "Use volume and network plugins in Docker services", step by
// step, through the real CLI on a copy of the shipped demo cluster.
describe('the reference page, through berth reconcile', () => {
  let dir: string
  const file = (rel: string) => path.join(dir, rel)
  const reconcile = async () => {
    const result = await berth(['reconcile', '--dir', dir])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    return result
  }

  beforeEach(async () => {
    dir = await demoCopy()
  })

  test('volume plugin: the service that mounts pluginVol lands on node2, 1/1', async () => {
    const { stdout } = await reconcile()
    expect(stdout).toMatch(/my-service\s+replicated\s+1\/1\s+busybox:latest/)
    const { tasks } = await runningTasks(file('services/my-service.yaml'))
    expect(tasks.map((t) => [t.slot, t.node])).toEqual([[1, 'node2']])
  })

  test('network plugin on both nodes: 8 replicas split 4/4', async () => {
    const { stdout } = await reconcile()
    expect(stdout).toMatch(/myservice\s+replicated\s+8\/8\s+mrjana\/simpleweb:latest/)
    const { perNode } = await runningTasks(file('services/myservice.yaml'))
    expect(perNode).toEqual({ node1: 4, node2: 4 })
  })

  test('scale to 0, remove the plugin from node2, scale to 8: all 8 on node1', async () => {
    await reconcile()
    await edit(file('services/myservice.yaml'), 'replicas: 8', 'replicas: 0')
    await reconcile()
    expect((await runningTasks(file('services/myservice.yaml'))).tasks).toEqual([])
    await edit(file('plugins/weave2.yaml'), 'nodes: [node1, node2]', 'nodes: [node1]')
    await reconcile()
    const [node2] = (await documents(file('nodes.yaml'))).filter((d) => d.metadata.name === 'node2')
    expect(node2?.status?.plugins).toEqual([
      { type: 'Volume', name: 'tiborvass/sample-volume-plugin:latest' },
    ])
    await edit(file('services/myservice.yaml'), 'replicas: 0', 'replicas: 8')
    const { stdout } = await reconcile()
    expect(stdout).toMatch(/myservice\s+replicated\s+8\/8/)
    expect((await runningTasks(file('services/myservice.yaml'))).perNode).toEqual({ node1: 8 })
  })

  test('the same end state without scaling to 0: node2 tasks are replaced in their slots on node1', async () => {
    await reconcile()
    const before = await runningTasks(file('services/myservice.yaml'))
    await edit(file('plugins/weave2.yaml'), 'nodes: [node1, node2]', 'nodes: [node1]')
    await reconcile()
    const after = await runningTasks(file('services/myservice.yaml'))
    expect(after.perNode).toEqual({ node1: 8 })
    for (const old of before.tasks) {
      const now = after.tasks.find((t) => t.slot === old.slot)
      // Tasks that could stay kept their ids; the moved ones are new tasks in the same slot.
      if (old.node === 'node1') expect(now?.id).toBe(old.id)
      else expect(now?.id).not.toBe(old.id)
    }
    const [doc] = await documents(file('services/myservice.yaml'))
    const shutdown = (doc?.status?.tasks ?? []).filter((t) => t.desiredState === 'shutdown')
    expect(shutdown).toHaveLength(4)
    expect(shutdown[0]?.message).toBe('missing network plugin bboreham/weave2:latest on node2')
  })

  test('a converged tree reconciles again with zero writes and the same bytes', async () => {
    await reconcile()
    const first = await documents(file('services/myservice.yaml'))
    const { stdout } = await reconcile()
    expect(stdout).toContain('0 files written')
    expect(await documents(file('services/myservice.yaml'))).toEqual(first)
  })
})

describe('the shipped demo cluster', () => {
  test('is committed converged: reconciling a copy writes nothing', async () => {
    const dir = await demoCopy()
    const result = await berth(['reconcile', '--dir', dir], { SOURCE_DATE_EPOCH: '' })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('0 files written')
  })
})
