import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { createApp } from '../../src/cli/app.js'
import { run } from '../../src/cli/main.js'
import { readStatus, writtenStatus } from '../../src/load/task-lines.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

async function berth(dir: string, ...argv: string[]): Promise<string> {
  const out: string[] = []
  const app = createApp(
    { out: (t) => void out.push(t), err: (t) => void out.push(t), isTTY: false },
    { SOURCE_DATE_EPOCH: '1764324000', NO_COLOR: '1' },
    dir,
  )
  await run([...argv, '--dir', dir], app)
  return out.join('')
}

const task = (slot: number, extra: Record<string, unknown> = {}) => ({
  id: `${'a'.repeat(24)}${slot}`,
  name: `web.${slot}`,
  slot,
  node: `node${slot % 2}`,
  state: 'running',
  desiredState: 'running',
  image: 'nginx:1.27',
  template: '0123abcd',
  ...extra,
})

test.each([
  ['one template', [task(1), task(2), task(3)]],
  [
    'an update under way: two templates, a shut-down task, host ports on the new one',
    [
      task(1, { image: 'nginx:1.28', template: 'ffff0000', hostPorts: ['8080/tcp'] }),
      task(2),
      task(3),
      task(4, { state: 'shutdown', desiredState: 'shutdown' }),
    ],
  ],
  [
    'a line from before templates were recorded',
    [task(1), { ...task(2), image: undefined, template: undefined }],
  ],
  [
    'a pending task with a message',
    [task(1, { state: 'pending', node: undefined, message: 'no suitable node' })],
  ],
])('%s: what is written reads back as the same status', (_name, tasks) => {
  const status = { replicas: { desired: tasks.length, running: 1 }, tasks: JSON.parse(JSON.stringify(tasks)) }
  const written = writtenStatus('Service', status)
  expect(readStatus('Service', JSON.parse(JSON.stringify(written)))).toEqual(status)
})

test('task lines leave out what they share, and a line with its own template keeps its own fields', () => {
  const status = {
    tasks: [
      task(1),
      task(2),
      task(3, { image: 'nginx:1.28', template: 'ffff0000' }),
      task(4, { desiredState: 'shutdown', state: 'shutdown' }),
    ],
  }
  expect(writtenStatus('Service', status)).toEqual({
    taskTemplate: { template: '0123abcd', image: 'nginx:1.27' },
    tasks: [
      { id: task(1).id, name: 'web.1', slot: 1, node: 'node1', state: 'running' },
      { id: task(2).id, name: 'web.2', slot: 2, node: 'node0', state: 'running' },
      {
        id: task(3).id,
        name: 'web.3',
        slot: 3,
        node: 'node1',
        state: 'running',
        image: 'nginx:1.28',
        template: 'ffff0000',
      },
      { id: task(4).id, name: 'web.4', slot: 4, node: 'node0', state: 'shutdown', desiredState: 'shutdown' },
    ],
  })
  // Other kinds' statuses are written as they are.
  expect(writtenStatus('Node', { tasks: [task(1)] })).toEqual({ tasks: [task(1)] })
})

test('a status written whole on every line (an older berth) reads the same, is rewritten once, then left alone', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-task-lines-'))
  await cp(path.join(root, 'manifests'), dir, { recursive: true })
  const file = path.join(dir, 'services/myservice.yaml')
  const today = await readFile(file, 'utf8')
  const template = /taskTemplate: \{template: ([0-9a-f]{8}), image: mrjana\/simpleweb\}\n/.exec(today)?.[1]
  expect(template).toBeDefined()
  const older = today
    .replace(/ {2}taskTemplate: .*\n/, '')
    .replaceAll(
      'state: running}',
      `state: running, desiredState: running, image: mrjana/simpleweb, template: ${template}}`,
    )
  expect(older).not.toBe(today)
  await writeFile(file, older)
  const psBefore = await berth(dir, 'service', 'ps', 'myservice')
  expect(psBefore.match(/mrjana\/simpleweb:latest/g)).toHaveLength(8)

  expect(await berth(dir, 'reconcile')).toContain('1 file written')
  expect(await readFile(file, 'utf8')).toBe(today)
  expect(await berth(dir, 'reconcile')).toContain('0 files written')
  expect(await berth(dir, 'service', 'ps', 'myservice')).toBe(psBefore)
})
