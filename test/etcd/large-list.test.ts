import { basename } from 'node:path'
import { expect, inject, test } from 'vitest'
import { berthInProcess } from '../cli/cli-harness.js'
import { cleanupAfterEach, cluster, node, reconcileDir, service } from '../support/cluster.js'

const track = cleanupAfterEach()

// A list larger than gRPC's default 4 MiB answer was refused with RESOURCE_EXHAUSTED: a leader's
// sync, a standby and `get --store` all read the whole prefix in one range, so a cluster of a
// few thousand objects (or a few large services) could not be read back at all.
test('a cluster whose objects pass 4 MiB in etcd is read back whole', { timeout: 120_000 }, async () => {
  const names = ['a', 'b', 'c', 'd', 'e']
  const dir = track(
    cluster([node('n1'), node('n2'), ...names.map((n) => service(n, { image: 'nginx', replicas: 6000 }))]),
  )
  await reconcileDir(dir)
  const url = `etcd://${inject('etcdMember')}/berth-test/${basename(dir)}`
  const { code, out, err } = await berthInProcess(
    ['get', 'services', '-o', 'json', '--store', url, '--dir', '/nonexistent/berth'],
    { cwd: '/' },
  )
  expect(err).toBe('')
  expect(code).toBe(0)
  expect(out.length).toBeGreaterThan(4 * 1024 * 1024)
  const list = JSON.parse(out) as { items: { metadata: { name: string }; status: { replicas: unknown } }[] }
  expect(list.items.map((i) => [i.metadata.name, i.status.replicas])).toEqual(
    names.map((n) => [n, { desired: 6000, running: 6000 }]),
  )
})
