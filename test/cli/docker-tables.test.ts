import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DemoDir } from './cli-harness.js'
import { cells, demoDir } from './cli-harness.js'

let demo: DemoDir
beforeAll(async () => {
  demo = await demoDir({ reconciled: true })
})
afterAll(() => demo.remove())

const TASK_COLUMNS = ['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS']

describe("Docker's tables over the reconciled demo", () => {
  test('service ls: my-service 1/1, myservice 8/8', async () => {
    const { code, out } = await demo.berth('service', 'ls')
    expect(code).toBe(0)
    const [header, ...rows] = cells(out)
    expect(header).toEqual(['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'])
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['my-service', 'replicated', '1/1', 'busybox:latest'],
      ['myservice', 'replicated', '8/8', 'mrjana/simpleweb:latest'],
    ])
    expect(rows[0]?.[0]).toMatch(/^[0-9a-z]{12}$/)
  })

  test('service ls -q prints only the ids', async () => {
    const { out } = await demo.berth('service', 'ls', '-q')
    expect(out).toMatch(/^[0-9a-z]{12}\n[0-9a-z]{12}\n$/)
  })

  test('service ps: my-service.1 runs on node2', async () => {
    const { code, out } = await demo.berth('service', 'ps', 'my-service')
    expect(code).toBe(0)
    const [header, row] = cells(out)
    expect(header).toEqual(TASK_COLUMNS)
    expect(row).toEqual([
      expect.stringMatching(/^[0-9a-z]{12}$/),
      'my-service.1',
      'busybox:latest',
      'node2',
      'Running',
      'Running',
    ])
  })

  test('service ps: myservice splits 4/4 over node1 and node2', async () => {
    const rows = cells((await demo.berth('service', 'ps', 'myservice')).out).slice(1)
    expect(rows.map((r) => r[1])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `myservice.${n}`))
    expect(rows.filter((r) => r[3] === 'node1')).toHaveLength(4)
    expect(rows.filter((r) => r[3] === 'node2')).toHaveLength(4)
  })

  test('service ps of an unknown service: exit 1', async () => {
    const { code, err } = await demo.berth('service', 'ps', 'nosuch')
    expect(code).toBe(1)
    expect(err).toBe('no such service: nosuch\n')
  })

  test('service ps of a service whose file does not load says it may be there', async () => {
    // It said "no such service: myservice" under the file's own error, as if the name were wrong.
    const file = 'services/myservice.yaml'
    const good = await demo.read(file)
    await demo.edit(file, (t) => `${t}spec: {replicas: oops\n`)
    const { code, err } = await demo.berth('service', 'ps', 'myservice')
    await demo.edit(file, () => good)
    expect(code).toBe(1)
    expect(err).toMatch(/^services\/myservice\.yaml:\d+:\d+: /)
    expect(err).toContain('no such service: myservice (or it is in a file above that does not load)\n')
  })

  test('node ls: Leader for the manager, empty for the worker, no engine version', async () => {
    const { code, out } = await demo.berth('node', 'ls')
    expect(code).toBe(0)
    const [header, ...rows] = cells(out)
    expect(header).toEqual(['ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'ENGINE VERSION'])
    expect(rows).toEqual([
      [expect.stringMatching(/^[0-9a-z]{25}$/), 'node1', 'Ready', 'Active', 'Leader'],
      [expect.stringMatching(/^[0-9a-z]{25}$/), 'node2', 'Ready', 'Active'],
    ])
  })

  test("node ps node2: the reference page's docker ps on node2", async () => {
    const { code, out } = await demo.berth('node', 'ps', 'node2')
    expect(code).toBe(0)
    const [header, ...rows] = cells(out)
    expect(header).toEqual(TASK_COLUMNS)
    expect(rows.map((r) => r[1]).sort()).toEqual([
      'my-service.1',
      'myservice.2',
      'myservice.4',
      'myservice.6',
      'myservice.8',
    ])
    for (const row of rows) expect(row[3]).toBe('node2')
  })

  test('node ps of an unknown node: exit 1', async () => {
    expect((await demo.berth('node', 'ps', 'node9')).code).toBe(1)
  })

  test('plugin ls: name:tag, description, enabled', async () => {
    const { code, out } = await demo.berth('plugin', 'ls')
    expect(code).toBe(0)
    const [header, ...rows] = cells(out)
    expect(header).toEqual(['ID', 'NAME', 'DESCRIPTION', 'ENABLED'])
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['tiborvass/sample-volume-plugin:latest', 'A sample volume plugin for Docker', 'true'],
      ['bboreham/weave2:latest', 'Weave Net plugin for Docker', 'true'],
    ])
    expect(rows[0]?.[0]).toMatch(/^[0-9a-z]{12}$/)
  })

  test('network ls: NETWORK ID, NAME, DRIVER, SCOPE', async () => {
    const [header, row] = cells((await demo.berth('network', 'ls')).out)
    expect(header).toEqual(['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'])
    expect(row).toEqual([
      expect.stringMatching(/^[0-9a-z]{12}$/),
      'globalnet',
      'bboreham/weave2:latest',
      'swarm',
    ])
    const { out: quiet } = await demo.berth('network', 'ls', '-q')
    expect(quiet).toBe(`${row?.[0]}\n`)
  })

  test('volume ls: DRIVER, VOLUME NAME; -q prints names', async () => {
    const [header, row] = cells((await demo.berth('volume', 'ls')).out)
    expect(header).toEqual(['DRIVER', 'VOLUME NAME'])
    expect(row).toEqual(['tiborvass/sample-volume-plugin', 'pluginVol'])
    expect((await demo.berth('volume', 'ls', '-q')).out).toBe('pluginVol\n')
  })

  test('every reading command has help with an example', async () => {
    for (const args of [
      ['get'],
      ['describe'],
      ['plan'],
      ['service', 'ls'],
      ['service', 'ps'],
      ['node', 'ls'],
      ['node', 'ps'],
      ['plugin', 'ls'],
      ['network', 'ls'],
      ['volume', 'ls'],
    ]) {
      const { code, out } = await demo.berth(...args, '--help')
      expect(code).toBe(0)
      expect(out).toContain(`berth ${args.join(' ')}`)
      expect(out).toContain('Examples:')
    }
  })
})

describe('a pending task in the tables', () => {
  let pending: DemoDir
  beforeAll(async () => {
    pending = await demoDir({ reconciled: true })
    // Step 5 of the reference page, plus a cap: node2 loses weave2, node1 takes at most 4.
    await pending.edit('plugins/weave2.yaml', (t) => t.replace('nodes: [node1, node2]', 'nodes: [node1]'))
    await pending.edit('services/myservice.yaml', (t) =>
      t.replace('networks: [globalnet]', 'networks: [globalnet]\n  placement:\n    maxReplicasPerNode: 4'),
    )
    expect((await pending.berth('reconcile')).code).toBe(0)
  })
  afterAll(() => pending.remove())

  test("service ps: the replacement pends with Docker's quoted, cut error; the old task is history", async () => {
    const rows = cells((await pending.berth('service', 'ps', 'myservice')).out).slice(1)
    const slot2 = rows.filter((r) => r[1]?.endsWith('myservice.2'))
    expect(slot2).toEqual([
      [
        expect.any(String),
        'myservice.2',
        'mrjana/simpleweb:latest',
        'Running',
        'Pending',
        '"no suitable node (missing plu…"',
      ],
      [
        expect.any(String),
        '\\_ myservice.2',
        'mrjana/simpleweb:latest',
        'node2',
        'Shutdown',
        'Shutdown',
        expect.stringMatching(/^"missing network plugin .*…"$/),
      ],
    ])
    // Docker's cut: 29 characters, then the ellipsis, inside quotes.
    expect(slot2[0]?.[5]).toHaveLength(32)
  })

  test('service ps --no-trunc -f desired-state=running: whole errors, no history', async () => {
    const { out } = await pending.berth(
      'service',
      'ps',
      'myservice',
      '--no-trunc',
      '-f',
      'desired-state=running',
    )
    expect(out).toContain('"no suitable node (missing plugin on 1 node; max replicas per node limit exceed)"')
    expect(out).not.toContain('Shutdown')
    expect(out).toMatch(/^[0-9a-z]{25} {3}/m)
  })

  test('a malformed filter is a usage error', async () => {
    expect((await pending.berth('service', 'ps', 'myservice', '-f', 'colour=red')).code).toBe(2)
  })
})

test("service ls after an automatic rollback shows the image the tasks run, as Docker's rolled-back spec does", async () => {
  const demo = await demoDir({ reconciled: true })
  try {
    const file = 'services/myservice.yaml'
    await demo.edit(file, (t) =>
      t
        .replace('  image: mrjana/simpleweb\n', '  image: mrjana/simpleweb:2.0\n')
        .replace('  networks: [globalnet]\n', '  networks: [nowhere]\n')
        .replace(
          'delay: 3s, order: stop-first, failureAction: pause',
          'order: stop-first, failureAction: rollback',
        ),
    )
    await demo.berth('reconcile')
    expect(await demo.read(file)).toMatch(/state: rollback_completed/)
    const { out } = await demo.berth('service', 'ls')
    const row = cells(out).find((r) => r[1] === 'myservice')
    expect(row?.[4]).toBe('mrjana/simpleweb:latest')
  } finally {
    await demo.remove()
  }
})
