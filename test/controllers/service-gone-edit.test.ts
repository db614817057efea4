import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { TaskStatus } from '../../src/model/status.js'
import {
  cleanupAfterEach,
  cluster,
  converge,
  doc,
  editSpec,
  network,
  node,
  ready,
  removeDoc,
  service,
  statusOf,
  writeDocs,
} from '../support/cluster.js'

const track = cleanupAfterEach()

type Store = Awaited<ReturnType<typeof converge>>['store']
const running = (store: Store): TaskStatus[] =>
  (statusOf(store, 'Service', 'web')?.tasks ?? []).filter((t) => t.desiredState === 'running')

/** What the running tasks use, how it goes, how it comes back, and how the service names it while gone. */
const things: [string, (dir: string) => void, (dir: string) => void, string][] = [
  [
    'the secret file',
    (dir) => rmSync(join(dir, 'pw.txt')),
    (dir) => writeFileSync(join(dir, 'pw.txt'), 'hunter2'),
    'secret pw is not ready',
  ],
  [
    'the network manifest',
    (dir) => removeDoc(dir, 'Network', 'backend'),
    (dir) => writeDocs(dir, [network('backend')]),
    'network backend not found',
  ],
]

describe('an edit made while something the tasks use is gone, over an update that did not finish', () => {
  test.each(things)(
    '%s: a paused update is superseded by the edit, which rolls out once it is back',
    async (_what, remove, restore, waits) => {
      const dir = track(
        cluster([
          node('node1', { role: 'manager' }),
          node('node2'),
          network('backend'),
          doc('Secret', 'pw', { file: 'pw.txt' }),
          service('web', { image: 'nginx:1', replicas: 2, networks: ['backend'], secrets: ['pw'] }),
        ]),
      )
      writeFileSync(join(dir, 'pw.txt'), 'hunter2')
      const before = running((await converge(dir)).store).map((t) => t.id)

      // An update whose template names a network nobody created: it pauses (failureAction pause).
      editSpec(dir, 'Service', 'web', (spec) => {
        spec.image = 'nginx:2'
        spec.networks = ['backend', 'nonet']
      })
      const paused = (await converge(dir)).store
      expect(statusOf(paused, 'Service', 'web')?.updateStatus?.state).toBe('paused')
      expect(running(paused).map((t) => t.id)).toEqual(before)

      // Something the running tasks use goes, and the person fixes the spec meanwhile.
      remove(dir)
      editSpec(dir, 'Service', 'web', (spec) => {
        spec.image = 'nginx:3'
        spec.networks = ['backend']
      })
      const held = (await converge(dir)).store
      expect(running(held).map((t) => [t.id, t.image])).toEqual(before.map((id) => [id, 'nginx:1']))
      const message = ready(held, 'Service', 'web')?.message
      expect(message).toContain(`service web: 2/2 tasks running; new tasks wait: ${waits}`)
      expect(message).toContain("(the spec's new template waits too)")
      // The edit supersedes the paused update (as in Swarm); its own update has not started.
      expect(statusOf(held, 'Service', 'web')?.updateStatus).toBeUndefined()
      // Idempotent while it is gone.
      expect((await converge(dir)).writes).toEqual([])

      // Back: the edit rolls out as if it had been made now. It stayed paused, until the next edit.
      restore(dir)
      const back = (await converge(dir)).store
      expect(running(back).map((t) => t.image)).toEqual(['nginx:3', 'nginx:3'])
      expect(statusOf(back, 'Service', 'web')?.updateStatus?.state).toBe('completed')
      expect(statusOf(back, 'Service', 'web')?.appliedSpec?.image).toBe('nginx:3')
    },
  )

  test('without an edit, a paused update stays paused while it is gone and after it is back', async () => {
    const dir = track(
      cluster([
        node('node1'),
        network('backend'),
        service('web', { image: 'nginx:1', replicas: 2, networks: ['backend'] }),
      ]),
    )
    await converge(dir)
    editSpec(dir, 'Service', 'web', (spec) => {
      spec.networks = ['backend', 'nonet']
    })
    const paused = statusOf((await converge(dir)).store, 'Service', 'web')?.updateStatus
    expect(paused?.state).toBe('paused')
    removeDoc(dir, 'Network', 'backend')
    expect(statusOf((await converge(dir)).store, 'Service', 'web')?.updateStatus).toEqual(paused)
    writeDocs(dir, [network('backend')])
    expect(statusOf((await converge(dir)).store, 'Service', 'web')?.updateStatus).toEqual(paused)
  })
})
