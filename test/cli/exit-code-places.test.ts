import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { berthInProcess } from './cli-harness.js'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const NODES = `apiVersion: berth.dev/v1
kind: Node
metadata: {name: n1, labels: {zone: a}}
spec: {resources: {cpus: 1}}
`
const service = (name: string, spec: string) =>
  `apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  image: nginx\n${spec}`

/** `file:line:col` of the first occurrence of `needle` in the file as it is now. */
function placeOf(file: string, needle: string): string {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n')
  const row = lines.findIndex((l) => l.includes(needle))
  expect(row).toBeGreaterThanOrEqual(0)
  return `${file}:${row + 1}:${(lines[row] as string).indexOf(needle) + 1}`
}

test('--exit-code points each unsettled service at the field its trouble is about, and says why', async () => {
  // Every line was at the service's metadata.name, and a short service said only "0/1 tasks
  // running": a person had to open describe to find the network name misspelt.
  dir = mkdtempSync(join(tmpdir(), 'berth-places-'))
  writeFileSync(join(dir, 'nodes.yaml'), NODES)
  // Two services in one file: the first's status (one line per task) sits above the second.
  writeFileSync(
    join(dir, 'web.yaml'),
    `${service('ok', '  replicas: 3\n')}---\n${service('web', '  networks: [backend, nonet]\n')}`,
  )
  writeFileSync(
    join(dir, 'backend.yaml'),
    'apiVersion: berth.dev/v1\nkind: Network\nmetadata: {name: backend}\n',
  )
  writeFileSync(
    join(dir, 'db.yaml'),
    service(
      'db',
      '  mounts:\n    - {type: bind, source: /srv, target: /srv}\n    - {type: volume, source: novol, target: /data}\n',
    ),
  )
  writeFileSync(
    join(dir, 'api.yaml'),
    service('api', '  secrets:\n    - db-password\n    - {source: nokey, target: k}\n'),
  )
  writeFileSync(join(dir, 'db-password.txt'), 'hunter2\n')
  writeFileSync(
    join(dir, 'db-password.yaml'),
    'apiVersion: berth.dev/v1\nkind: Secret\nmetadata: {name: db-password}\nspec: {file: ./db-password.txt}\n',
  )
  writeFileSync(
    join(dir, 'edge.yaml'),
    service('edge', '  placement:\n    constraints: [node.labels.zone==a, node.labels.zone==b]\n'),
  )
  // No room is no field: the line stays at the service's name.
  writeFileSync(join(dir, 'big.yaml'), service('big', '  resources: {reservations: {cpus: 2}}\n'))
  const run = await berthInProcess(['reconcile', '--exit-code', '--dir', dir], { cwd: dir })
  expect(run.code).toBe(3)
  expect(readFileSync(join(dir, 'web.yaml'), 'utf8')).toMatch(/name: ok\.3/)
  const lines = run.err.trimEnd().split('\n').sort()
  // In file order: api, big, db, edge, web.
  expect(lines).toEqual([
    `${placeOf('api.yaml', '{source: nokey')}: not settled: api: 0/1 tasks running (service api cannot run: secret nokey not found)`,
    `big.yaml:4:3: not settled: big: 0/1 tasks running; 1 pending: no suitable node (insufficient resources on 1 node) — n1: insufficient resources (2 CPUs reserved, 1 free)`,
    `${placeOf('db.yaml', 'source: novol')}: not settled: db: 0/1 tasks running (service db cannot run: volume novol not found)`,
    `${placeOf('edge.yaml', 'node.labels.zone==b')}: not settled: edge: 0/1 tasks running; 1 pending: no suitable node (scheduling constraints not satisfied on 1 node) — n1: constraint node.labels.zone==b not satisfied`,
    `${placeOf('web.yaml', 'nonet')}: not settled: web: 0/1 tasks running (service web cannot run: network nonet not found)`,
  ])
})

test('--exit-code after an automatic rollback says why the template failed, at the field', async () => {
  // Once rolled back, the update's message is "rollback completed": the line said only that.
  dir = mkdtempSync(join(tmpdir(), 'berth-places-'))
  writeFileSync(join(dir, 'nodes.yaml'), NODES)
  const file = join(dir, 'web.yaml')
  writeFileSync(file, service('web', '  replicas: 2\n  updateConfig: {failureAction: rollback}\n'))
  const berth = () => berthInProcess(['reconcile', '--exit-code', '--dir', dir], { cwd: dir })
  expect((await berth()).code).toBe(0)
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace('  replicas: 2\n', '  replicas: 2\n  networks: [nonet]\n'),
  )
  const run = await berth()
  expect(run.code).toBe(3)
  expect(readFileSync(file, 'utf8')).toMatch(/state: rollback_completed/)
  expect(run.err).toBe(
    `${placeOf('web.yaml', 'nonet')}: not settled: web: update rolled back, the spec's template is not running (network nonet not found)\n`,
  )
})
