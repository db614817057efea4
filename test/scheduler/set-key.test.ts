import { describe, expect, test } from 'vitest'
import { setKey } from '../../src/scheduler/set-key.js'

describe('setKey', () => {
  test('equal sets give equal keys, whatever the order they were filled in', () => {
    expect(setKey(new Set(['b', 'a', 'c']))).toBe(setKey(new Set(['c', 'b', 'a'])))
    expect(setKey(new Set())).toBe(setKey(new Set()))
  })

  test('different sets give different keys, also where their joined text would agree', () => {
    const keys = [
      new Set(['a,b']),
      new Set(['a', 'b']),
      new Set(['a']),
      new Set(['ab']),
      new Set(['a b']),
      new Set<string>(),
      new Set(['']),
    ].map(setKey)
    expect(new Set(keys).size).toBe(keys.length)
  })

  test('asked again for the same set, answers the same', () => {
    const set = new Set(['Network:weave', 'Volume:local'])
    expect(setKey(set)).toBe(setKey(set))
  })
})
