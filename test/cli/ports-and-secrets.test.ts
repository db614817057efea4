import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DemoDir } from './cli-harness.js'
import { cells, demoDir } from './cli-harness.js'

let demo: DemoDir
beforeAll(async () => {
  demo = await demoDir({ reconciled: false })
  await writeFile(path.join(demo.dir, 'services', 'db-password.txt'), 'correct horse battery staple\n')
  await writeFile(
    path.join(demo.dir, 'services', 'app.yaml'),
    `apiVersion: berth.dev/v1
kind: Secret
metadata: {name: db-password}
spec: {file: ./db-password.txt}
---
apiVersion: berth.dev/v1
kind: Config
metadata: {name: vault-conf}
spec: {external: true}
---
apiVersion: berth.dev/v1
kind: Service
metadata: {name: web}
spec:
  image: nginx
  replicas: 2
  secrets: [db-password]
  configs: [{source: vault-conf, target: /etc/vault.hcl}]
  ports:
    - {target: 80, published: 8080}
    - {target: 81, published: 8081}
    - {target: 53, published: 53, protocol: udp}
---
apiVersion: berth.dev/v1
kind: Service
metadata: {name: edge}
spec:
  image: traefik
  replicas: 3
  ports: [{target: 443, published: 443, mode: host}]
---
apiVersion: berth.dev/v1
kind: Service
metadata: {name: zz-late}
spec:
  image: nginx
  ports: [{target: 80, published: 8080}]
`,
  )
  const { code, err } = await demo.berth('reconcile')
  expect(err).toBe('')
  expect(code).toBe(0)
})
afterAll(() => demo.remove())

describe('PORTS as Docker prints them', () => {
  test('service ls: the ingress ports a service holds, consecutive ones as a range; none for the one that lost', async () => {
    const rows = cells((await demo.berth('service', 'ls')).out)
    const ports = Object.fromEntries(rows.slice(1).map((r) => [r[1], r.length > 5 ? r[5] : '']))
    expect(ports).toMatchObject({
      web: '*:8080-8081->80-81/tcp, *:53->53/udp',
      // Host-mode ports are per task: `service ps` shows them.
      edge: '',
      'zz-late': '',
    })
  })

  test('service ps: each running task its host-mode ports; a pending task none', async () => {
    const rows = cells((await demo.berth('service', 'ps', 'edge')).out).slice(1)
    const running = rows.filter((r) => r[5] === 'Running')
    expect(running.map((r) => [r[3], r.at(-1)])).toEqual([
      ['node1', '*:443->443/tcp'],
      ['node2', '*:443->443/tcp'],
    ])
    // An empty NODE cell folds into the padding, so read the pending row from its end.
    const waiting = rows.find((r) => r.includes('Pending'))
    expect(waiting?.at(-1)).toBe('"no suitable node (host-mode p…"')
  })

  test('service ps --no-trunc: the whole of Swarm’s reason', async () => {
    const { out } = await demo.berth('service', 'ps', 'edge', '--no-trunc')
    expect(out).toContain('"no suitable node (host-mode port already in use on 2 nodes)"')
  })

  test('describe: the service that lost an ingress port names the one that holds it', async () => {
    const { out } = await demo.berth('describe', 'service', 'zz-late')
    expect(out).toContain('PortInUse')
    expect(out).toContain('port 8080/tcp is already in use by service web as an ingress port')
  })
})

describe('secrets and configs on the command line', () => {
  test('get secrets: file, digest, size, ready', async () => {
    const [header, row] = cells((await demo.berth('get', 'secrets')).out)
    expect(header).toEqual(['NAME', 'FILE', 'DIGEST', 'SIZE', 'READY'])
    expect(row).toEqual([
      'db-password',
      './db-password.txt',
      expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      '29',
      'True',
    ])
  })

  test('get cfg (the short name): an external config is ready without a digest', async () => {
    const [, row] = cells((await demo.berth('get', 'cfg')).out)
    expect(row).toEqual(['vault-conf', '<none>', '<none>', '<none>', 'True'])
  })

  test('describe secret: where the content comes from, its digest and size', async () => {
    const { code, out } = await demo.berth('describe', 'secret', 'db-password')
    expect(code).toBe(0)
    expect(out).toMatch(/Source:\s+\.\/db-password\.txt/)
    expect(out).toMatch(/Digest:\s+sha256:[0-9a-f]{64}/)
    expect(out).toMatch(/Size:\s+29 bytes/)
  })
})
