import { Etcd3 } from 'etcd3'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { EtcdCluster } from '../../bench/etcd-cluster.js'
import { startEtcd } from '../../bench/etcd-cluster.js'
import { berthInProcess } from '../cli/cli-harness.js'

/** etcd with its own authentication on (`etcdctl auth enable`): a user and a password. */
let etcd: EtcdCluster

beforeAll(async () => {
  etcd = await startEtcd(1)
  const client = new Etcd3({ hosts: `http://${etcd.members[0]}` })
  try {
    await client.role('root').create()
    await (await client.user('root').create('s3cret')).addRole('root')
    await client.auth.authEnable()
  } finally {
    client.close()
  }
}, 60_000)

afterAll(async () => {
  await etcd?.stop()
})

const berth = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
  berthInProcess([...args, '--dir', '/nonexistent/berth'], { cwd: '/', env })

test('with --etcd-user the reading commands get in; without it etcd refuses', async () => {
  const url = etcd.url('/auth-test')
  const refused = await berth(['get', 'nodes', '--store', url])
  expect(refused.code).toBe(1)
  expect(refused.err).toContain(`cannot reach etcd at http://${etcd.members[0]}`)
  const wrong = await berth(['get', 'nodes', '--store', url, '--etcd-user', 'root:nope'])
  expect(wrong.code).toBe(1)
  const given = await berth(['get', 'nodes', '--store', url, '--etcd-user', 'root:s3cret'])
  expect(given.err).toBe('No resources found.\n')
  expect(given.code).toBe(0)
  // The password from the environment, out of the process list.
  const fromEnv = await berth(['get', 'nodes', '--store', url, '--etcd-user', 'root'], {
    BERTH_ETCD_PASSWORD: 's3cret',
  })
  expect(fromEnv.code).toBe(0)
})
