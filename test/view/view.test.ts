import { describe, expect, test } from 'vitest'
import { parseCpus, parseMemory } from '../../src/model/quantity.js'
import type { TaskStatus } from '../../src/model/status.js'
import { createStore } from '../../src/store/store.js'
import { createView } from '../../src/view/view.js'
import { resourceOf } from '../support/resources.js'

const HALF_CPU = parseCpus('0.5') as number
const MEMORY = parseMemory('64M') as number

const task = (
  service: string,
  slot: number,
  node: string | undefined,
  state: 'running' | 'pending' | 'shutdown' = 'running',
): TaskStatus => ({
  id: `${service}${slot}${state}`.padEnd(25, '0'),
  name: `${service}.${slot}`,
  slot,
  ...(node ? { node } : {}),
  state,
  desiredState: state === 'shutdown' ? 'shutdown' : 'running',
})

function cluster() {
  const store = createStore()
  store.put(resourceOf('Node', 'n1', '{}'))
  store.put(resourceOf('Node', 'n2', '{}'))
  store.put(
    resourceOf(
      'Service',
      'web',
      '{image: nginx, replicas: 3, resources: {reservations: {cpus: "0.5", memory: 64M}}}',
    ),
  )
  store.put(resourceOf('Service', 'tool', '{image: busybox}'))
  return { store, view: createView(store) }
}

describe('view', () => {
  test('reads the store as it is now, never a stale copy', () => {
    const { store, view } = cluster()
    expect(view.list('Node').map((n) => n.name)).toEqual(['n1', 'n2'])
    store.put(resourceOf('Node', 'n0', '{}'))
    store.remove('Node', 'n2')
    expect(view.list('Node').map((n) => n.name)).toEqual(['n0', 'n1'])
    expect(view.get('Node', 'n2')).toBeUndefined()
    expect(view.get('Service', 'web')?.spec.replicas).toBe(3)
  })

  test("a node's load is its running tasks and what they reserve; pending and shut-down tasks are not load", () => {
    const { store, view } = cluster()
    expect(view.load('n1')).toEqual({ tasks: 0, cpus: 0, memory: 0 })
    store.setStatus('Service', 'web', {
      tasks: [
        task('web', 1, 'n1'),
        task('web', 2, 'n1'),
        task('web', 3, undefined, 'pending'),
        task('web', 2, 'n2', 'shutdown'),
      ],
    })
    store.setStatus('Service', 'tool', { tasks: [task('tool', 1, 'n2')] })
    expect(view.load('n1')).toEqual({ tasks: 2, cpus: 2 * HALF_CPU, memory: 2 * MEMORY })
    expect(view.load('n2')).toEqual({ tasks: 1, cpus: 0, memory: 0 })
    expect(view.load('elsewhere')).toEqual({ tasks: 0, cpus: 0, memory: 0 })
  })

  test('the load follows each status change: a task moved, a service removed', () => {
    const { store, view } = cluster()
    store.setStatus('Service', 'web', { tasks: [task('web', 1, 'n1'), task('web', 2, 'n1')] })
    expect(view.load('n1').tasks).toBe(2)
    store.setStatus('Service', 'web', { tasks: [task('web', 1, 'n1'), task('web', 2, 'n2')] })
    expect([view.load('n1').tasks, view.load('n2').tasks]).toEqual([1, 1])
    expect(view.load('n2').cpus).toBe(HALF_CPU)
    store.remove('Service', 'web')
    expect([view.load('n1').tasks, view.load('n2').tasks]).toEqual([0, 0])
  })

  test("a change of a service's reservations changes its tasks' load", () => {
    const { store, view } = cluster()
    store.setStatus('Service', 'web', { tasks: [task('web', 1, 'n1')] })
    expect(view.load('n1').cpus).toBe(HALF_CPU)
    store.put(
      resourceOf('Service', 'web', '{image: nginx, resources: {reservations: {cpus: "1", memory: 64M}}}'),
    )
    store.setStatus('Service', 'web', { tasks: [task('web', 1, 'n1')] })
    expect(view.load('n1').cpus).toBe(2 * HALF_CPU)
  })
})
