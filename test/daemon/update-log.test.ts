import { describe, expect, test } from 'vitest'
import { createLogger } from '../../src/daemon/logger.js'
import { logUpdate } from '../../src/daemon/update-log.js'
import type { Resource } from '../../src/model/resource.js'
import type { TaskStatus, UpdateStatus } from '../../src/model/status.js'

const startedAt = '2026-12-01T10:00:00Z'

function web(updateStatus: UpdateStatus | undefined, tasks: readonly TaskStatus[] = []): Resource<'Service'> {
  const spec = { image: 'nginx:2', replicas: 2 }
  return {
    kind: 'Service',
    name: 'web',
    labels: {},
    spec,
    writtenSpec: spec,
    status: { ...(updateStatus ? { updateStatus } : {}), ...(tasks.length > 0 ? { tasks } : {}) },
  } as unknown as Resource<'Service'>
}

/** The running task of `slot`, made from nginx:1 (template `t1`) or nginx:2 (`t2`). */
const task = (slot: number, version: 1 | 2): TaskStatus => ({
  id: `id${slot}v${version}`,
  name: `web.${slot}`,
  slot,
  node: 'node1',
  state: 'running',
  desiredState: 'running',
  image: `nginx:${version}`,
  template: `t${version}`,
})

function linesOf(before: Resource<'Service'>, after: Resource<'Service'>): string[] {
  const lines: string[] = []
  logUpdate(
    before,
    after,
    createLogger(
      'text',
      (line) => void lines.push(line),
      () => startedAt,
    ),
  )
  return lines
}

describe("the daemon's update lines", () => {
  const going: UpdateStatus = { state: 'updating', startedAt, message: 'update in progress' }
  const waiting: UpdateStatus = {
    ...going,
    message: 'update in progress: replacements wait: network backend not found',
  }

  test('an update whose replacements start waiting for something gone says so, and again when it goes on', () => {
    expect(linesOf(web(going), web(waiting))).toEqual([
      'service web: updating: update in progress: replacements wait: network backend not found\n',
    ])
    expect(linesOf(web(waiting), web(going))).toEqual(['service web: updating: update in progress\n'])
  })

  test('the same update told nothing new writes no line', () => {
    expect(linesOf(web(waiting), web({ ...waiting }))).toEqual([])
  })

  test('an update says it started before its first batch, and that it ended after its last', () => {
    // The daemon logged `completed` before the batch that completed it.
    expect(linesOf(web(undefined, [task(1, 1), task(2, 1)]), web(going, [task(1, 2), task(2, 1)]))).toEqual([
      'service web: updating: update in progress\n',
      'service web: updated web.1 to nginx:2 (1/2)\n',
    ])
    const done: UpdateStatus = {
      state: 'completed',
      startedAt,
      completedAt: startedAt,
      message: 'update completed',
    }
    expect(linesOf(web(going, [task(1, 2), task(2, 1)]), web(done, [task(1, 2), task(2, 2)]))).toEqual([
      'service web: updated web.2 to nginx:2 (2/2)\n',
      'service web: completed: update completed\n',
    ])
  })

  test('a rollback says its batches rolled back, not updated', () => {
    // `service rollback` with parallelism 0 rolls back in one round: the log read
    // `updated web.1, web.2 to nginx:1`, then `rollback completed`.
    const completed: UpdateStatus = {
      state: 'completed',
      startedAt,
      completedAt: startedAt,
      message: 'update completed',
    }
    const back: UpdateStatus = { ...completed, state: 'rollback_completed', message: 'rollback completed' }
    expect(linesOf(web(completed, [task(1, 2), task(2, 2)]), web(back, [task(1, 1), task(2, 1)]))).toEqual([
      'service web: rolled back web.1, web.2 to nginx:1 (2/2)\n',
      'service web: rollback completed: rollback completed\n',
    ])
  })

  test('a new state is one line, as before', () => {
    expect(linesOf(web(undefined), web(going))).toEqual(['service web: updating: update in progress\n'])
  })
})
