import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { type StackDir, stackDir } from './stack-harness.js'

let dir: StackDir | undefined
afterEach(async () => {
  await dir?.remove()
  dir = undefined
})

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: 2\n'

test('a resource that already exists elsewhere in the tree is updated in place: comments and status kept', async () => {
  dir = await stackDir({ demo: true })
  await dir.write('docker-compose.yml', COMPOSE)
  const mine = [
    '# Hand-written before the stack existed; the stack now owns its spec.',
    'apiVersion: berth.dev/v1',
    'kind: Service',
    'metadata:',
    '  name: demo_web   # the name docker stack deploy gives it',
    'spec:',
    '  image: nginx:1.25',
    '  replicas: 1',
    'status: {}',
    '---',
    '# another document in the same file stays as it is',
    'apiVersion: berth.dev/v1',
    'kind: Network',
    'metadata: {name: other}',
    'spec: {driver: overlay}',
    '',
  ].join('\n')
  const file = path.join(dir.manifests, 'services/web-by-hand.yaml')
  await writeFile(file, mine)
  const result = await dir.berth(['stack', 'deploy', '-c', 'docker-compose.yml', '--no-reconcile', 'demo'])
  expect(result.code, result.err).toBe(0)
  expect(result.out).toBe('Creating network demo_default\nUpdating service demo_web\n')
  const after = await readFile(file, 'utf8')
  expect(after).toBe(
    [
      '# Hand-written before the stack existed; the stack now owns its spec.',
      'apiVersion: berth.dev/v1',
      'kind: Service',
      'metadata:',
      '  name: demo_web   # the name docker stack deploy gives it',
      '  labels:',
      '    com.docker.stack.namespace: demo',
      'spec:',
      '  image: nginx:1.27',
      '  replicas: 2',
      '  networks:',
      '    - demo_default',
      '  containerLabels:',
      '    com.docker.stack.namespace: demo',
      'status: {}',
      '---',
      '# another document in the same file stays as it is',
      'apiVersion: berth.dev/v1',
      'kind: Network',
      'metadata: {name: other}',
      'spec: {driver: overlay}',
      '',
    ].join('\n'),
  )
  // No second copy was created under stacks/.
  expect([...(await dir.tree()).keys()].filter((f) => f.startsWith('stacks/'))).toEqual([
    'stacks/demo/networks/demo_default.yaml',
  ])
  // And it is the stack's now: prune and rm treat it as one of the stack's resources.
  const rm = await dir.berth(['stack', 'rm', 'demo', '--no-reconcile'])
  expect(rm.err).toBe('')
  expect(rm.out).toBe('Removing service demo_web\nRemoving network demo_default\n')
  // The comment above the first document stays, as `berth delete` keeps it; the other document is untouched.
  expect(await readFile(file, 'utf8')).toBe(
    `${mine.split('\n')[0]}\n---\n${mine.slice(mine.indexOf('# another document'))}`,
  )
})

test('--prune and rm leave other stacks and unlabelled resources alone', async () => {
  dir = await stackDir({ demo: true })
  await dir.write('a.yml', 'services:\n  web:\n    image: nginx\n  api:\n    image: api:1\n')
  await dir.write('b.yml', 'services:\n  web:\n    image: nginx\n')
  expect((await dir.berth(['stack', 'deploy', '-c', 'a.yml', '--no-reconcile', 'one'])).code).toBe(0)
  expect((await dir.berth(['stack', 'deploy', '-c', 'a.yml', '--no-reconcile', 'two'])).code).toBe(0)
  const pruned = await dir.berth(['stack', 'deploy', '-c', 'b.yml', '--prune', '--no-reconcile', 'one'])
  expect(pruned.out).toBe('Removing service one_api\nService one_web unchanged\n')
  const tree = await dir.tree()
  expect([...tree.keys()].filter((f) => f.startsWith('stacks/')).sort()).toEqual([
    'stacks/one/networks/one_default.yaml',
    'stacks/one/services/one_web.yaml',
    'stacks/two/networks/two_default.yaml',
    'stacks/two/services/two_api.yaml',
    'stacks/two/services/two_web.yaml',
  ])
  expect(tree.get('services/myservice.yaml')).toBeDefined()
  const ls = await dir.berth(['stack', 'ls'])
  expect(ls.out).toBe('NAME   SERVICES\none    1\ntwo    2\n')
})

test('a new file never overwrites one that is there', async () => {
  dir = await stackDir({ demo: true })
  await dir.write('docker-compose.yml', COMPOSE)
  const squatter = path.join(dir.manifests, 'stacks/demo/networks')
  await import('node:fs/promises').then((fs) => fs.mkdir(squatter, { recursive: true }))
  await writeFile(path.join(squatter, 'demo_default.yaml'), '# not a manifest, but mine\n')
  const before = await dir.tree()
  const result = await dir.berth(['stack', 'deploy', '-c', 'docker-compose.yml', '--no-reconcile', 'demo'])
  expect(result.code).toBe(1)
  expect(result.err).toMatch(
    /demo_default\.yaml already exists; refusing to overwrite it for Network demo_default; nothing was written/,
  )
  expect(await dir.tree()).toEqual(before)
})
