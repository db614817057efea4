import { describe, expect, test } from 'vitest'
import { stableId } from '../../src/model/ids.js'

describe('stable ids', () => {
  // Ids already written in people's files: the same parts must keep giving the same id.
  test.each<[readonly (string | number)[], string]>([
    [['task', 'web', 1, 1], '6a5q6bdv1k1ed98255e1b1uyo'],
    [['task', 'web', 2, 1], '37a4zruw0mw51crw8o1smepke'],
    [['task', 'web', 'node-0001', 3], 'cux8w7frtgmehjjst8hiy04vt'],
    [['task', 'web', 1, 'replaces', '0123456789abcdefghijklmno'], '98qex38m0eglfeomxs7n6kbky'],
    [['node', 'node-0001'], '53glgjx8pcmysmlwiourehde9'],
    [['network', 'overlay-net-0001'], 'b4qathia19iysj285kbeiafq6'],
    [['service', 'é∂ unicode'], '47urvdr2rjc1xdn2tvsa1ynjb'],
    [[], '05aaai7gjbnco3sokt730vtks'],
  ])('%j → %s', (parts, id) => {
    expect(stableId(...parts)).toBe(id)
  })

  test('25 lowercase base36 characters, different for different parts', () => {
    const ids = new Set<string>()
    for (let slot = 0; slot < 2000; slot++) {
      const id = stableId('task', 'web', slot, 1)
      expect(id).toMatch(/^[0-9a-z]{25}$/)
      ids.add(id)
    }
    expect(ids.size).toBe(2000)
  })
})
