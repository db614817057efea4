import { describe, expect, test } from 'vitest'
import type { Resource } from '../../src/model/resource.js'
import type { TaskStatus } from '../../src/model/status.js'
import type { Change } from '../../src/store/store.js'
import { createStore } from '../../src/store/store.js'
import { nodesWithMovedTasks } from '../../src/view/moved-tasks.js'
import { resourceOf } from '../support/resources.js'

const task = (slot: number, node: string | undefined, desiredState: 'running' | 'shutdown' = 'running') =>
  ({
    id: `web${slot}${node}${desiredState}`.padEnd(25, '0'),
    name: `web.${slot}`,
    slot,
    ...(node ? { node } : {}),
    state: node ? desiredState : 'pending',
    desiredState,
  }) as TaskStatus

/** The service as the store holds it with these tasks. */
function withTasks(tasks?: TaskStatus[]): Resource<'Service'> {
  const store = createStore()
  store.put(resourceOf('Service', 'web', '{image: nginx}'))
  if (tasks) store.setStatus('Service', 'web', { tasks })
  return store.get('Service', 'web') as Resource<'Service'>
}

/** The change from `before` to `after` as the store reports it. */
const change = (before: Resource<'Service'> | undefined, after: Resource<'Service'> | undefined) =>
  ({
    key: 'Service/web',
    kind: 'Service',
    before,
    after,
    statusOnly: !!before && !!after,
  }) as Change<'Service'>

const moved = (before: Resource<'Service'> | undefined, after: Resource<'Service'> | undefined) =>
  [...nodesWithMovedTasks(change(before, after))].sort()

describe('nodes with moved tasks', () => {
  test('the same running tasks per node, in any order and with pending ones aside: none', () => {
    const before = withTasks([task(1, 'n1'), task(2, 'n2'), task(3, 'n1')])
    const after = withTasks([task(3, 'n1'), task(1, 'n1'), task(4, undefined), task(2, 'n2')])
    expect(moved(before, after)).toEqual([])
    expect(moved(before, before)).toEqual([])
  })

  test('a node gaining or losing a running task is named, once', () => {
    const before = withTasks([task(1, 'n1'), task(2, 'n2')])
    const after = withTasks([task(1, 'n1'), task(2, 'n2', 'shutdown'), task(3, 'n3'), task(4, 'n3')])
    expect(moved(before, after)).toEqual(['n2', 'n3'])
    expect(moved(after, before)).toEqual(['n2', 'n3'])
  })

  test('a service created or removed moves every node it runs on', () => {
    const running = withTasks([task(1, 'n1'), task(2, 'n2'), task(3, 'n2')])
    expect(moved(undefined, running)).toEqual(['n1', 'n2'])
    expect(moved(running, undefined)).toEqual(['n1', 'n2'])
    expect(moved(undefined, withTasks())).toEqual([])
  })

  test('asked again about the same change, the same answer; another change is counted afresh', () => {
    const empty = withTasks([])
    const first = change(empty, withTasks([task(1, 'n1')]))
    expect(nodesWithMovedTasks(first)).toBe(nodesWithMovedTasks(first))
    expect(nodesWithMovedTasks(change(empty, withTasks([task(1, 'n2')])))).toEqual(['n2'])
    expect(nodesWithMovedTasks(first)).toEqual(['n1'])
  })
})
