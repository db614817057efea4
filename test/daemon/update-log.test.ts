import { describe, expect, test } from 'vitest'
import { createLogger } from '../../src/daemon/logger.js'
import { logUpdate } from '../../src/daemon/update-log.js'
import type { Resource } from '../../src/model/resource.js'
import type { UpdateStatus } from '../../src/model/status.js'

const startedAt = '2026-12-01T10:00:00Z'

function web(updateStatus: UpdateStatus | undefined): Resource<'Service'> {
  const spec = { image: 'nginx:2', replicas: 2 }
  return {
    kind: 'Service',
    name: 'web',
    labels: {},
    spec,
    writtenSpec: spec,
    status: { ...(updateStatus ? { updateStatus } : {}) },
  } as unknown as Resource<'Service'>
}

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

  test('a new state is one line, as before', () => {
    expect(linesOf(web(undefined), web(going))).toEqual(['service web: updating: update in progress\n'])
  })
})
