import { cpSync } from 'node:fs'
import { basename } from 'node:path'
import { describe, expect, inject, test } from 'vitest'
import { berthInProcess, cells } from '../cli/cli-harness.js'
import { cleanupAfterEach, editSpec, reconcileDir, tempDir } from '../support/cluster.js'

const track = cleanupAfterEach()

/** `berth …` in-process; `--dir` names a directory that does not exist, so nothing can come from files. */
function berth(...args: string[]) {
  return berthInProcess([...args, '--dir', '/nonexistent/berth'], { cwd: '/nonexistent' })
}

/** The demo reconciled with etcd as the store (its files left without the new status). */
async function demoInEtcd() {
  const dir = track(tempDir())
  cpSync(new URL('../../manifests/', import.meta.url), dir, { recursive: true })
  editSpec(dir, 'Service', 'myservice', (s) => {
    s.replicas = 3
  })
  await reconcileDir(dir)
  return `etcd://${inject('etcdMember')}/berth-test/${basename(dir)}`
}

describe('reading commands with --store etcd://…', () => {
  test('service ls and service ps show what etcd holds, not the files', async () => {
    const url = await demoInEtcd()
    const ls = await berth('service', 'ls', '--store', url)
    expect(ls.err).toBe('')
    expect(ls.code).toBe(0)
    expect(cells(ls.out).map((r) => r.slice(1, 4))).toEqual([
      ['NAME', 'MODE', 'REPLICAS'],
      ['my-service', 'replicated', '1/1'],
      ['myservice', 'replicated', '3/3'],
    ])
    const ps = await berth('service', 'ps', 'myservice', '--store', url)
    // Scaled from 8 to 3 in etcd (the files still say 8 running): scale-down took the higher
    // slots of each node, exactly as on the directory.
    const names = cells(ps.out)
      .slice(1)
      .map((r) => r[1])
    expect(names).toEqual(['myservice.1', 'myservice.2', 'myservice.4'])
  })

  test('get -o json lists the objects of a kind from etcd', async () => {
    const url = await demoInEtcd()
    const { code, out } = await berth('get', 'nodes', '-o', 'json', '--store', url)
    expect(code).toBe(0)
    const list = JSON.parse(out) as { items: { metadata: { name: string }; status?: unknown }[] }
    expect(list.items.map((i) => i.metadata.name)).toEqual(['node1', 'node2'])
    expect(list.items.every((i) => i.status !== undefined)).toBe(true)
  })

  test('a malformed --store is a usage error', async () => {
    const { code, err } = await berth('get', 'nodes', '--store', 'etcd://no-port/x')
    expect(code).toBe(2)
    expect(err).toContain('--store: "no-port" is not host:port')
  })
})

describe('berth watch --store: misuse is refused before anything starts', () => {
  test.each([
    // A URL that is not etcd://host:port: a usage error.
    [['--store', 'http://127.0.0.1:2379'], 2, '--store: expected etcd://host:port'],
    // etcd's leases count whole seconds.
    [['--store', 'etcd://127.0.0.1:2379', '--lease-ttl', '1.5s'], 2, '--lease-ttl: expected whole seconds'],
    // Nothing listens there: exit 1 naming where it looked.
    [['--store', 'etcd://127.0.0.1:1/x'], 1, 'cannot reach etcd at http://127.0.0.1:1'],
  ])('watch %j exits %i', async (args, exitCode, message) => {
    const dir = track(tempDir())
    const { code, err } = await berthInProcess(['watch', ...args, '--dir', dir], { cwd: dir })
    expect(code).toBe(exitCode)
    expect(err).toContain(message)
  })
})

test.each([['reconcile'], ['plan'], ['scale', 'web=2']])(
  '%s --store is a usage error, not a silent run on the directory',
  async (...command) => {
    const dir = track(tempDir())
    const { code, err } = await berthInProcess(
      [...command, '--store', 'etcd://127.0.0.1:2379', '--dir', dir],
      { cwd: dir },
    )
    expect(code).toBe(2)
    expect(err).toContain(`\`${command[0]}\` works on the directory`)
  },
)

test.each([['reconcile'], ['scale', 'web=2'], ['get', 'nodes']])(
  '%s with an --etcd-… flag and no --store is a usage error',
  async (...command) => {
    const dir = track(tempDir())
    const { code, err } = await berthInProcess([...command, '--etcd-user', 'root:pw', '--dir', dir], {
      cwd: dir,
    })
    expect(code).toBe(2)
    expect(err).toContain('--etcd-user needs --store etcd://…')
  },
)
