import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterEach, describe, expect, test } from 'vitest'
import { createApp } from '../../src/cli/app.js'
import { applyCommand } from '../../src/cli/commands/apply.js'
import { removeStatus } from '../../src/yamledit/replace-status.js'
import { demoDir, tasksPerNode } from './harness.js'

let dir: ReturnType<typeof demoDir>
afterEach(() => dir.cleanup())

const snapshot = () =>
  Object.fromEntries(
    readdirSync(join(dir.cwd, 'manifests'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => [f, dir.read(f)]),
  )

const web = `# a new service, written by hand
apiVersion: berth.dev/v1
kind: Service
metadata:
  name: web
spec:
  image: nginx   # the image
  replicas: 2
status:
  replicas: {desired: 9, running: 9}
`

describe('apply', () => {
  test('creates a new file without status, then reports unchanged, then configures in place', async () => {
    dir = demoDir()
    writeFileSync(join(dir.cwd, 'web.yaml'), web)
    expect(await dir.berth('apply', '-f', 'web.yaml', '--no-reconcile')).toMatchObject({
      code: 0,
      out: 'service/web created\n',
    })
    expect(dir.read('services/web.yaml')).toBe(web.slice(0, web.indexOf('status:')))
    expect(await dir.berth('apply', '-f', 'web.yaml')).toMatchObject({
      code: 0,
      out: 'service/web unchanged\n',
    })
    expect(dir.data('services/web.yaml', 'web').status.replicas).toEqual({ desired: 2, running: 2 })

    // Changing the spec of an existing service keeps its comments and status outside the spec.
    const before = dir.read('services/myservice.yaml')
    writeFileSync(
      join(dir.cwd, 'changed.yaml'),
      'apiVersion: berth.dev/v1\nkind: Service\nmetadata: {name: myservice, labels: {app: simpleweb}}\nspec: {image: mrjana/simpleweb, replicas: 2, networks: [globalnet]}\n',
    )
    const applied = await dir.berth('apply', '-f', 'changed.yaml', '-f', 'web.yaml', '--no-reconcile')
    expect(applied).toMatchObject({ code: 0, out: 'service/myservice configured\nservice/web unchanged\n' })
    const after = dir.read('services/myservice.yaml')
    expect(after.slice(0, after.indexOf('metadata:'))).toBe(before.slice(0, before.indexOf('metadata:')))
    expect(after.slice(after.indexOf('status:'))).toBe(before.slice(before.indexOf('status:')))
    expect(dir.data('services/myservice.yaml', 'myservice')).toMatchObject({
      metadata: { name: 'myservice', labels: { app: 'simpleweb' } },
      spec: { image: 'mrjana/simpleweb', replicas: 2, networks: ['globalnet'] },
    })
  })

  test('an invalid document anywhere in the input writes nothing', async () => {
    dir = demoDir()
    const files = snapshot()
    const bad = `${web}---\napiVersion: berth.dev/v1\nkind: Service\nmetadata: {name: bad}\nspec: {image: x, replicaz: 3}\n`
    writeFileSync(join(dir.cwd, 'bad.yaml'), bad)
    const result = await dir.berth('apply', '-f', 'bad.yaml')
    expect(result.code).toBe(1)
    expect(result.err).toMatch(/^bad\.yaml:15:\d+: spec\.replicaz: unknown field/m)
    expect(snapshot()).toEqual(files)
  })

  test('a directory of inputs, and standard input', async () => {
    dir = demoDir()
    writeFileSync(join(dir.cwd, 'web.yaml'), web)
    expect((await dir.berth('apply', '-f', '.', '--no-reconcile')).out).toBe('service/web created\n')
    const seen = { out: '', code: -1 }
    const io = {
      out: (s: string) => {
        seen.out += s
      },
      err: () => undefined,
      isTTY: false,
    }
    const app = createApp(io, { SOURCE_DATE_EPOCH: '1764324000' }, dir.cwd)
    const stdin = web.replace('name: web', 'name: api')
    const program = new Command().option('--dir <dir>')
    const done = (code: number) => {
      seen.code = code
    }
    program.addCommand(applyCommand(app, done, { readStdin: async () => stdin }))
    await program.parseAsync(['apply', '-f', '-', '--no-reconcile'], { from: 'user' })
    expect(seen).toEqual({ code: 0, out: 'service/api created\n' })
    expect(dir.data('services/api.yaml', 'api').spec.replicas).toBe(2)
  })
})

describe('delete', () => {
  test('removes one document of a multi-document file, keeping the other byte for byte', async () => {
    dir = demoDir()
    const before = dir.read('nodes.yaml')
    expect(await dir.berth('delete', 'node', 'node2', '--no-reconcile')).toMatchObject({
      code: 0,
      out: 'node "node2" deleted\n',
    })
    expect(dir.read('nodes.yaml')).toBe(before.slice(0, before.indexOf('---\n')))
  })

  test('removes the file with its only document', async () => {
    dir = demoDir()
    expect((await dir.berth('delete', 'svc', 'my-service')).out).toBe('service "my-service" deleted\n')
    expect(existsSync(dir.path('services/my-service.yaml'))).toBe(false)
  })

  test('not found is kubectl’s message and exit 1', async () => {
    dir = demoDir()
    expect(await dir.berth('delete', 'services', 'nope')).toMatchObject({
      code: 1,
      err: 'Error from server (NotFound): services "nope" not found\n',
    })
    expect((await dir.berth('delete', 'gizmo', 'x')).code).toBe(2)
  })
})

describe('scale, node update, plugin enable/disable', () => {
  test('scale keeps every byte but the number', async () => {
    dir = demoDir()
    const before = dir.read('services/myservice.yaml')
    expect((await dir.berth('scale', 'myservice=3', '--no-reconcile')).out).toBe('myservice scaled to 3\n')
    expect(dir.read('services/myservice.yaml')).toBe(before.replace('replicas: 8', 'replicas: 3'))
    // With reconcile, only the status is added on top.
    await dir.berth('scale', 'myservice=4')
    expect(removeStatus(dir.read('services/myservice.yaml'))).toBe(
      removeStatus(before.replace('replicas: 8', 'replicas: 4')),
    )
  })

  test.each([
    [['scale', 'myservice'], 2, /invalid scale specifier/],
    [['scale', 'myservice=-1'], 2, /invalid scale specifier/],
    [['scale', 'nope=1'], 1, /no such service: nope/],
  ])('berth %j exits %i', async (argv, code, err) => {
    dir = demoDir()
    const files = snapshot()
    const result = await dir.berth(...argv)
    expect(result.code).toBe(code)
    expect(result.err).toMatch(err)
    expect(snapshot()).toEqual(files)
  })

  test('a global service cannot be scaled', async () => {
    dir = demoDir()
    const file = dir.path('services/my-service.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 1', 'mode: global'))
    const result = await dir.berth('scale', 'my-service=2')
    expect(result).toMatchObject({ code: 1 })
    expect(result.err).toContain('my-service: scale can only be used with replicated mode')
  })

  test('an invalid manifest anywhere stops the edit with file:line:col', async () => {
    dir = demoDir()
    writeFileSync(dir.path('broken.yaml'), 'apiVersion: berth.dev/v1\nkind: Service\nmetadata: {name: x\n')
    const files = snapshot()
    const result = await dir.berth('scale', 'myservice=1')
    expect(result.code).toBe(1)
    expect(result.err).toMatch(/^manifests\/broken\.yaml:\d+:\d+: /m)
    expect(snapshot()).toEqual(files)
  })

  test('node update --availability drain moves the tasks to node1', async () => {
    dir = demoDir()
    await dir.berth('reconcile')
    const before = dir.read('nodes.yaml')
    expect(await dir.berth('node', 'update', '--availability', 'drain', 'node2')).toMatchObject({
      code: 0,
      out: 'node2\n',
    })
    const after = removeStatus(dir.read('nodes.yaml'))
    const node2 = before.indexOf('name: node2')
    expect(after).toBe(
      removeStatus(
        before.slice(0, node2) + before.slice(node2).replace('availability: active', 'availability: drain'),
      ),
    )
    expect(tasksPerNode(dir.data('services/myservice.yaml', 'myservice').status)).toEqual({ node1: 8 })
    expect((await dir.berth('node', 'update', '--availability', 'gone', 'node2')).code).toBe(2)
  })

  test('plugin disable/enable by docker name, and --node on a listed plugin', async () => {
    dir = demoDir()
    const file = 'plugins/weave2.yaml'
    const before = dir.read(file)
    expect((await dir.berth('plugin', 'disable', 'bboreham/weave2:latest', '--no-reconcile')).out).toBe(
      'bboreham/weave2:latest\n',
    )
    // The key is added at the end of spec, in the document's indentation, above the status.
    expect(dir.read(file)).toBe(before.replace('\nstatus:', '\n  enabled: false\nstatus:'))
    await dir.berth('plugin', 'enable', 'bboreham/weave2', '--no-reconcile')
    expect(dir.data(file, 'weave2').spec.enabled).toBe(true)

    await dir.berth('plugin', 'disable', 'weave2', '--node', 'node1', '--no-reconcile')
    expect(dir.data(file, 'weave2').spec.nodes).toEqual(['node2'])
    await dir.berth('plugin', 'enable', 'weave2', '--node', 'node1', '--no-reconcile')
    expect(dir.data(file, 'weave2').spec.nodes).toEqual(['node2', 'node1'])
    expect((await dir.berth('plugin', 'enable', 'nope')).err).toContain('plugin nope not found')
  })

  test('--node on a cluster-wide plugin says to list the nodes', async () => {
    dir = demoDir()
    const file = dir.path('plugins/weave2.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('  nodes: [node1, node2]\n', ''))
    const result = await dir.berth('plugin', 'disable', 'weave2', '--node', 'node2')
    expect(result.code).toBe(1)
    expect(result.err).toMatch(/installed on every node.*list its nodes in spec\.nodes/)
  })

  test('plugin rm without --node deletes the manifest', async () => {
    dir = demoDir()
    expect((await dir.berth('plugin', 'rm', 'tiborvass/sample-volume-plugin')).out).toBe(
      'tiborvass/sample-volume-plugin\n',
    )
    expect(existsSync(dir.path('plugins/sample-volume-plugin.yaml'))).toBe(false)
  })

  test('--help shows an example', async () => {
    dir = demoDir()
    for (const argv of [
      ['apply'],
      ['delete'],
      ['scale'],
      ['plugin', 'enable'],
      ['plugin', 'disable'],
      ['plugin', 'rm'],
      ['node', 'update'],
    ]) {
      const result = await dir.berth(...argv, '--help')
      expect(result.code).toBe(0)
      expect(result.out).toContain('Examples:')
    }
  })
})
