import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DemoDir } from './cli-harness.js'
import { demoDir } from './cli-harness.js'

let demo: DemoDir
beforeAll(async () => {
  demo = await demoDir({ reconciled: true })
})
afterAll(() => demo.remove())

describe('berth describe', () => {
  test('a running service: spec summary, status, conditions and tasks', async () => {
    const { code, out } = await demo.berth('describe', 'svc', 'my-service')
    expect(code).toBe(0)
    expect(out).toMatch(/^Name: +my-service\nKind: +Service\nLabels: +<none>\n/)
    expect(out).toMatch(/ {2}Image: +busybox:latest\n/)
    expect(out).toMatch(
      / {2}Mounts: +pluginVol -> \/tmp \(volume, driver tiborvass\/sample-volume-plugin, rw\)\n/,
    )
    expect(out).toMatch(/ {2}Replicas: +1 desired, 1 running\n/)
    expect(out).toMatch(/Conditions:\n {2}Type +Status +Reason +Message +Last Transition\n/)
    expect(out).toMatch(/ {2}Ready +True +Running +service my-service: 1\/1 tasks running +20\d\d-/)
    expect(out).toMatch(
      /Tasks:\n.*\n.*\n {2}[0-9a-z]{12} +my-service\.1 +busybox:latest +node2 +running +running\n/,
    )
    expect(out).not.toContain('Waiting:')
  })

  test('a plugin: privileges requested and granted', async () => {
    const { out } = await demo.berth('describe', 'plugin', 'weave2')
    expect(out).toMatch(
      /Privileges Requested: +- network: \[host\]\n +- capabilities: \[CAP_SYS_ADMIN CAP_NET_ADMIN\]\n/,
    )
    expect(out).toMatch(/Installed: +node1 \(enabled\), node2 \(enabled\)/)
  })

  test.each([
    ['node', 'node1', /Role: +manager/],
    ['vol', 'pluginVol', /Driver: +tiborvass\/sample-volume-plugin/],
    ['net', 'globalnet', /Driver: +bboreham\/weave2:latest/],
  ])('describe %s %s', async (kind, name, expected) => {
    const { code, out } = await demo.berth('describe', kind, name)
    expect(code).toBe(0)
    expect(out).toMatch(expected)
    expect(out).toContain('Conditions:')
  })

  test('unknown kind → 2, unknown name → 1', async () => {
    expect((await demo.berth('describe', 'pod', 'x')).code).toBe(2)
    const missing = await demo.berth('describe', 'node', 'node9')
    expect(missing.code).toBe(1)
    expect(missing.err).toBe('Error from server (NotFound): nodes "node9" not found\n')
  })
})

describe('describe of a pending service', () => {
  let pending: DemoDir
  beforeAll(async () => {
    pending = await demoDir({ reconciled: true })
    // node2 loses the weave2 plugin and myservice may put at most 4 on a node: 4 tasks wait.
    await pending.edit('plugins/weave2.yaml', (t) => t.replace('nodes: [node1, node2]', 'nodes: [node1]'))
    await pending.edit('services/myservice.yaml', (t) =>
      t.replace('networks: [globalnet]', 'networks: [globalnet]\n  placement:\n    maxReplicasPerNode: 4'),
    )
    // A global service on the weave2 network: it runs on node1 only and names node2 instead of pending there.
    await pending.edit('services/myservice.yaml', (t) =>
      t.concat(
        '---\napiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: agent\nspec:\n  image: busybox\n  mode: global\n  networks: [globalnet]\n',
      ),
    )
    expect((await pending.berth('reconcile')).code).toBe(0)
  })
  afterAll(() => pending.remove())

  test('a global service names the nodes it skips and why', async () => {
    const { out } = await pending.berth('describe', 'service', 'agent')
    expect(out).toMatch(/agent\.node1 +\S+ +node1 +running +running/)
    expect(out).toMatch(/Not Running On:\n {2}node2: +missing network plugin bboreham\/weave2:latest\n/)
  })

  test('says why each pending task waits, node by node', async () => {
    const { code, out } = await pending.berth('describe', 'service', 'myservice')
    expect(code).toBe(0)
    expect(out).toMatch(/ {2}Replicas: +8 desired, 4 running\n/)
    expect(out).toMatch(/ {2}Ready +False +Unschedulable +/)
    const waiting = out.slice(out.indexOf('Waiting:'))
    for (const slot of [2, 4, 6, 8])
      expect(waiting).toMatch(
        new RegExp(`myservice\\.${slot} \\([0-9a-z]{12}\\): no suitable node \\(missing plugin on 1 node`),
      )
    expect(waiting).toMatch(
      /Per node:\n +node1: +already runs the maximum of 4 per node\n +node2: +missing network plugin bboreham\/weave2:latest\n/,
    )
  })

  test('lists the shut-down tasks with the reason they were evicted', async () => {
    const { out } = await pending.berth('describe', 'service', 'myservice')
    expect(out).toMatch(
      /myservice\.2 +mrjana\/simpleweb:latest +node2 +shutdown +shutdown +missing network plugin bboreham\/weave2:latest on node2/,
    )
  })
})
