import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { loadFile } from '../../src/load/load-file.js'
import { createValidator } from '../../src/validate/validator.js'
import { removeStatus } from '../../src/yamledit/replace-status.js'
import { cleanupAfterEach, converge, reconcileDir, tempDir } from '../support/cluster.js'

/**
 * Berth owns status: whatever it finds there is its own last output or is
 * replaced — never a reason to refuse a file or the tree.
 */
const validator = createValidator()
const track = cleanupAfterEach()

const task = (name: string, extra = '') =>
  `    - {id: ${'a'.repeat(24)}${name.slice(-1)}, name: ${name}, slot: ${name.slice(-1)}, node: n1, state: running, desiredState: running${extra}}`
const service = (status: string, name = 'web') =>
  `apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  image: nginx\n  replicas: 2\nstatus:${status}\n`

test.each([
  // [case, status text, tasks kept]
  ['a string', ' "hello"', 0],
  ['a number', ' 7', 0],
  ['a list', '\n  - 1\n  - 2', 0],
  ['an unknown field', '\n  rolloutAt: now', 0],
  ['a wrong type', '\n  replicas: {desired: two, running: 0}', 0],
  ['an unknown value', `\n  tasks:\n${task('web.1').replace('state: running', 'state: exploded')}`, 0],
  ['a condition of the wrong shape', '\n  conditions: [{type: Ready}]', 0],
  ['tasks of another service (a copied file)', `\n  tasks:\n${task('api.1')}\n${task('api.2')}`, 0],
  [
    'one id twice',
    `\n  tasks:\n${task('web.1')}\n${task('web.2').replace(/id: a+2/, `id: ${'a'.repeat(24)}1`)}`,
    1,
  ],
  [
    'a task field this version does not know',
    `\n  tasks:\n${task('web.1', ', restarts: 3')}\n${task('web.2')}`,
    2,
  ],
  ['one task of another service among its own', `\n  tasks:\n${task('web.1')}\n${task('other.2')}`, 1],
] as const)('a service status that is %s is set aside with a warning, not refused', (_, status, kept) => {
  const text = service(status)
  const loaded = loadFile('svc.yaml', text, validator)
  expect(loaded.diagnostics).toEqual([])
  expect(loaded.resources).toHaveLength(1)
  const [warning] = loaded.warnings
  expect(loaded.warnings).toHaveLength(1)
  expect(warning).toMatchObject({ file: 'svc.yaml', line: 8, code: 'foreign-status' })
  expect(warning?.message).toMatch(
    /^status is not one berth wrote for Service\/web \(.+\); berth replaces it/,
  )
  const tasks = (loaded.resources[0]?.status as { tasks?: unknown[] } | undefined)?.tasks ?? []
  expect(tasks).toHaveLength(kept)
})

test.each([
  ['an empty status', ''],
  ['a null status', ' null'],
  ['an empty mapping', ' {}'],
])('%s is no status, and no warning', (_, status) => {
  const loaded = loadFile('svc.yaml', service(status), validator)
  expect(loaded.diagnostics).toEqual([])
  expect(loaded.warnings).toEqual([])
})

test('a node status of any foreign shape is replaced (its status is derived, nothing to keep)', () => {
  const text = 'apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: n1\nstatus:\n  state: melting\n'
  const loaded = loadFile('n.yaml', text, validator)
  expect(loaded.diagnostics).toEqual([])
  expect(loaded.resources[0]?.status).toBeUndefined()
  expect(loaded.warnings[0]?.message).toContain('status.state: must be one of ready, down, unknown')
})

test('`reconcile` over foreign statuses writes fresh ones and keeps every other byte', async () => {
  const dir = track(tempDir())
  writeFileSync(
    path.join(dir, 'n.yaml'),
    'apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: n1\nstatus: [oops]\n',
  )
  const svc = path.join(dir, 'svc.yaml')
  writeFileSync(svc, `# keep me\n${service(`\n  tasks:\n${task('api.1')}`)}`)
  const before = removeStatus(readFileSync(svc, 'utf8'))
  const result = await converge(dir)
  expect(result.tree.warnings.map((w) => w.file)).toEqual(['n.yaml', 'svc.yaml'])
  expect(removeStatus(readFileSync(svc, 'utf8'))).toBe(before)
  expect(readFileSync(svc, 'utf8')).not.toContain('api.1')
  expect((await reconcileDir(dir)).tree.warnings).toEqual([])
})
