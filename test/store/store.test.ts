import { describe, expect, test } from 'vitest'
import type { Change } from '../../src/store/store.js'
import { createStore } from '../../src/store/store.js'
import { resourceOf } from '../support/resources.js'

const plugin = (name: string, remote = 'tiborvass/sample-volume-plugin') =>
  resourceOf('Plugin', name, `{remote: ${remote}}`)

function recorded() {
  const store = createStore()
  const changes: Change[] = []
  const stop = store.subscribe((c) => changes.push(c))
  return { store, changes, stop }
}

describe('store', () => {
  test('put stores a frozen copy and tells listeners; the same resource again changes nothing', () => {
    const { store, changes } = recorded()
    expect(store.put(plugin('p'))).toBe(true)
    const stored = store.get('Plugin', 'p')
    expect(stored?.writtenSpec).toEqual({ remote: 'tiborvass/sample-volume-plugin' })
    expect(stored?.spec).toMatchObject({ remote: 'tiborvass/sample-volume-plugin' })
    expect(Object.isFrozen(stored)).toBe(true)
    expect(Object.isFrozen(stored?.spec)).toBe(true)
    expect(changes).toMatchObject([{ key: 'Plugin/p', kind: 'Plugin', before: undefined, statusOnly: false }])

    expect(store.put(plugin('p'))).toBe(false) // loaded again from an unchanged file
    expect(store.get('Plugin', 'p')).toBe(stored)
    expect(changes).toHaveLength(1)
  })

  test('a spec change replaces the object and is not status-only', () => {
    const { store, changes } = recorded()
    store.put(plugin('p'))
    const before = store.get('Plugin', 'p')
    expect(store.put(plugin('p', 'bboreham/weave2'))).toBe(true)
    expect(changes[1]).toMatchObject({ before, after: store.get('Plugin', 'p'), statusOnly: false })
    expect(before?.writtenSpec).toEqual({ remote: 'tiborvass/sample-volume-plugin' }) // never mutated
    expect(before?.spec).toMatchObject({ remote: 'tiborvass/sample-volume-plugin' })
  })

  test('setStatus: an equal status keeps the very object and says nothing; a new one is status-only', () => {
    const { store, changes } = recorded()
    store.put(plugin('p'))
    const status = { observedGeneration: 1, conditions: [] }
    expect(store.setStatus('Plugin', 'p', status)).toBe(true)
    const first = store.get('Plugin', 'p')
    expect(first?.status).toEqual(status)
    expect(Object.isFrozen(first?.status)).toBe(true)
    expect(changes.at(-1)).toMatchObject({ key: 'Plugin/p', statusOnly: true })

    expect(store.setStatus('Plugin', 'p', { observedGeneration: 1, conditions: [] })).toBe(false)
    expect(store.get('Plugin', 'p')).toBe(first)
    expect(changes).toHaveLength(2)
    expect(store.setStatus('Plugin', 'gone', status)).toBe(false) // no such resource
  })

  test('a stored resource cannot be changed in place', () => {
    const { store } = recorded()
    store.put(plugin('p'))
    store.setStatus('Plugin', 'p', { observedGeneration: 1 })
    const stored = store.get('Plugin', 'p') as { status: { observedGeneration: number } }
    expect(() => {
      stored.status.observedGeneration = 2
    }).toThrow(TypeError)
  })

  test('a task line of a stored status cannot be changed in place either', () => {
    const { store } = recorded()
    store.put(resourceOf('Service', 'web', '{image: nginx}'))
    const task = {
      id: 'a'.repeat(25),
      name: 'web.1',
      slot: 1,
      node: 'n1',
      state: 'running',
      desiredState: 'running',
    }
    store.setStatus('Service', 'web', { tasks: [task as never], replicas: { desired: 1, running: 1 } })
    const stored = store.get('Service', 'web')?.status as { tasks: { node: string }[] }
    expect(() => {
      ;(stored.tasks[0] as { node: string }).node = 'n2' // a controller moving a task by hand
    }).toThrow(TypeError)
    expect(() => stored.tasks.push({ node: 'n3' })).toThrow(TypeError)
    expect(store.get('Service', 'web')?.status?.tasks?.[0]?.node).toBe('n1')
  })

  test('list is sorted by name, and a list handed out earlier does not move under its reader', () => {
    const { store } = recorded()
    for (const name of ['c', 'a', 'b']) store.put(plugin(name))
    const listed = store.list('Plugin')
    expect(listed.map((p) => p.name)).toEqual(['a', 'b', 'c'])
    store.setStatus('Plugin', 'b', { observedGeneration: 1 })
    store.put(plugin('aa'))
    expect(listed.map((p) => p.name)).toEqual(['a', 'b', 'c'])
    expect(listed[1]?.status).toBeUndefined()
    expect(store.list('Plugin').map((p) => p.name)).toEqual(['a', 'aa', 'b', 'c'])
    expect(store.list('Plugin')[2]?.status).toEqual({ observedGeneration: 1 })
    expect(store.list('Volume')).toEqual([])
  })

  test('status changes between two reads of a list all show in the next read; no list read earlier moves', () => {
    const { store } = recorded()
    for (const name of ['a', 'b', 'c']) store.put(plugin(name))
    const first = store.list('Plugin')
    store.setStatus('Plugin', 'a', { observedGeneration: 1 })
    store.setStatus('Plugin', 'c', { observedGeneration: 1 }) // nobody read the list in between
    const second = store.list('Plugin')
    store.setStatus('Plugin', 'b', { observedGeneration: 1 })
    store.setStatus('Plugin', 'a', { observedGeneration: 2 })
    const third = store.list('Plugin')
    const generations = (list: typeof first) => list.map((p) => p.status?.observedGeneration)
    expect(generations(first)).toEqual([undefined, undefined, undefined])
    expect(generations(second)).toEqual([1, undefined, 1])
    expect(generations(third)).toEqual([2, 1, 1])
    for (const list of [first, second, third])
      for (const p of list) expect(p).toBe(list === third ? store.get('Plugin', p.name) : p)
    expect(third.map((p) => p.name)).toEqual(['a', 'b', 'c'])
    expect(store.list('Plugin')).toBe(third) // nothing changed since: the same list
  })

  test('a list read after a spec change or removal holds the store as it is', () => {
    const { store } = recorded()
    for (const name of ['a', 'b']) store.put(plugin(name))
    const first = store.list('Plugin')
    store.setStatus('Plugin', 'a', { observedGeneration: 1 })
    store.remove('Plugin', 'b')
    store.setStatus('Plugin', 'a', { observedGeneration: 2 })
    expect(store.list('Plugin').map((p) => [p.name, p.status?.observedGeneration])).toEqual([['a', 2]])
    store.put(plugin('a', 'bboreham/weave2'))
    store.setStatus('Plugin', 'a', { observedGeneration: 3 })
    expect(store.list('Plugin')).toEqual([store.get('Plugin', 'a')])
    expect(first.map((p) => p.status?.observedGeneration)).toEqual([undefined, undefined])
  })

  test('version counts every change of a kind; specVersion skips status-only ones', () => {
    const { store } = recorded()
    const v = () => [store.version('Plugin'), store.specVersion('Plugin'), store.version('Node')]
    expect(v()).toEqual([0, 0, 0])
    store.put(plugin('p'))
    expect(v()).toEqual([1, 1, 0])
    store.put(plugin('p')) // unchanged
    expect(v()).toEqual([1, 1, 0])
    store.setStatus('Plugin', 'p', { observedGeneration: 1 })
    expect(v()).toEqual([2, 1, 0])
    store.remove('Plugin', 'p')
    expect(v()).toEqual([3, 2, 0])
  })

  test('remove tells listeners once; removing what is not there is a no-op', () => {
    const { store, changes, stop } = recorded()
    store.put(plugin('p'))
    const before = store.get('Plugin', 'p')
    expect(store.remove('Plugin', 'p')).toBe(true)
    expect(store.get('Plugin', 'p')).toBeUndefined()
    expect(changes.at(-1)).toMatchObject({ key: 'Plugin/p', before, after: undefined, statusOnly: false })
    expect(store.remove('Plugin', 'p')).toBe(false)
    expect(changes).toHaveLength(2)
    stop()
    store.put(plugin('q'))
    expect(changes).toHaveLength(2) // unsubscribed
  })
})
