import { afterEach, expect, test } from 'vitest'
import { demoDir, tasksPerNode } from './harness.js'

// Docker's page "Use volume and network plugins in Docker services", network plugin example,
// replayed with the editing commands only.
let dir: ReturnType<typeof demoDir>
afterEach(() => dir.cleanup())

test('scale to 0, remove the plugin from node2, scale to 8: all 8 tasks land on node1', async () => {
  dir = demoDir()
  const svc = 'services/myservice.yaml'
  expect((await dir.berth('reconcile')).code).toBe(0)
  expect(tasksPerNode(dir.data(svc, 'myservice').status)).toEqual({ node1: 4, node2: 4 })

  expect(await dir.berth('scale', 'myservice=0')).toMatchObject({ code: 0, out: 'myservice scaled to 0\n' })
  expect(dir.data(svc, 'myservice').spec.replicas).toBe(0)
  expect(tasksPerNode(dir.data(svc, 'myservice').status)).toEqual({})

  const removed = await dir.berth('plugin', 'rm', 'weave2', '--node', 'node2')
  expect(removed).toMatchObject({ code: 0, out: 'weave2\n' })
  expect(dir.data('plugins/weave2.yaml', 'weave2').spec.nodes).toEqual(['node1'])

  expect(await dir.berth('scale', 'myservice=8')).toMatchObject({ code: 0, out: 'myservice scaled to 8\n' })
  const status = dir.data(svc, 'myservice').status
  expect(tasksPerNode(status)).toEqual({ node1: 8 })
  expect(status.tasks).toHaveLength(8)
})
