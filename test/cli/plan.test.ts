import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DemoDir } from './cli-harness.js'
import { demoDir } from './cli-harness.js'

let demo: DemoDir
beforeAll(async () => {
  demo = await demoDir({ reconciled: true })
})
afterAll(() => demo.remove())

describe('berth plan', () => {
  test('a converged directory: no changes, exit 0 even with --exit-code', async () => {
    const { code, out } = await demo.berth('plan', '--exit-code')
    expect(code).toBe(0)
    expect(out).toBe('no changes\n')
  })

  test('after a spec edit: a summary and a unified diff, nothing written; --exit-code 1, then 0 after reconcile', async () => {
    await demo.edit('plugins/weave2.yaml', (t) => t.replace('nodes: [node1, node2]', 'nodes: [node1]'))
    const before = await demo.read('services/myservice.yaml')

    const plain = await demo.berth('plan')
    expect(plain.code).toBe(0)
    const { code, out } = await demo.berth('plan', '--exit-code')
    expect(code).toBe(1)
    expect(out).toBe(plain.out)
    // The summary: the four tasks on node2 move to node1, and why.
    for (const slot of [2, 4, 6, 8])
      expect(out).toContain(
        `service/myservice: myservice.${slot} moved node2 → node1 (missing network plugin bboreham/weave2:latest on node2)`,
      )
    // The diff: git's headers and hunks with 3 lines of context.
    expect(out).toContain('--- a/services/myservice.yaml\n+++ b/services/myservice.yaml\n@@ -')
    expect(out).toMatch(/^@@ -\d+(,\d+)? \+\d+(,\d+)? @@$/m)
    expect(out).toContain('-    - {node: node2, enabled: true}\n')
    expect(await demo.read('services/myservice.yaml')).toBe(before)

    expect((await demo.berth('reconcile')).code).toBe(0)
    const after = await demo.berth('plan', '--exit-code')
    expect(after).toEqual({ code: 0, out: 'no changes\n', err: '' })
  })

  test('what reconcile would warn about is printed at its file:line:col, as reconcile prints it', async () => {
    // plan said nothing of a status berth replaces, and named a file it cannot write status
    // into by its path alone.
    await demo.edit('services/my-service.yaml', (t) =>
      t.replace(/^status:\n/m, 'status:\n  drainedAt: soon\n'),
    )
    await demo.edit(
      'nodes.yaml',
      (t) => `${t}---\n{apiVersion: berth.dev/v1, kind: Node, metadata: {name: node3}}\n`,
    )
    const plan = await demo.berth('plan')
    expect(plan.code).toBe(0)
    const reconcile = await demo.berth('reconcile')
    const status =
      /^services\/my-service\.yaml:\d+:1: warning: status is not one berth wrote for Service\/my-service .*$/m
    const flow =
      /^nodes\.yaml:\d+:\d+: (warning|error): cannot write status: the document is a flow mapping .*$/m
    expect(plan.err).toMatch(status)
    expect(plan.err.match(status)?.[0]).toBe(reconcile.err.match(status)?.[0])
    // plan writes nothing, so a file it could not write to is a warning there; reconcile fails on it.
    expect(plan.err.match(flow)?.[0]).toBe(reconcile.err.match(flow)?.[0]?.replace('error', 'warning'))
    await demo.edit('nodes.yaml', (t) => t.slice(0, t.lastIndexOf('---\n')))
    expect((await demo.berth('reconcile')).code).toBe(0)
  })

  test('invalid input: diagnostics on stderr, exit 1', async () => {
    await demo.edit('services/my-service.yaml', (t) => t.replace('replicas: 1', 'replicas: one'))
    const { code, err } = await demo.berth('plan')
    expect(code).toBe(1)
    expect(err).toMatch(/services\/my-service\.yaml:\d+:\d+: /)
  })
})
