import { describe, expect, test } from 'vitest'
import { createLoadTable, withTasks } from '../../src/scheduler/load-table.js'
import { CPU, GiB } from '../support/sched.js'

describe('load table', () => {
  test('a node never seen carries no load', () => {
    expect(createLoadTable().load('n1')).toEqual({ tasks: 0, cpus: 0, memory: 0 })
  })

  test('adding and taking away tasks sums their reservations per node', () => {
    const table = createLoadTable()
    table.add('n1', 2, { cpus: CPU, memory: GiB })
    table.add('n2', 1, { cpus: 0, memory: 0 })
    table.add('n1', 1, { cpus: 0, memory: GiB })
    table.add('n1', -1, { cpus: CPU, memory: GiB })
    expect(table.load('n1')).toEqual({ tasks: 2, cpus: CPU, memory: 2 * GiB })
    expect(table.load('n2')).toEqual({ tasks: 1, cpus: 0, memory: 0 })
  })

  test('slots are fixed on first sight, and the arrays read by slot agree with load()', () => {
    // One slot to start with: the arrays must grow and keep what they held.
    const table = createLoadTable(1)
    const names = Array.from({ length: 40 }, (_, i) => `node${i}`)
    for (const [i, name] of names.entries()) table.add(name, i, { cpus: CPU, memory: 0 })
    expect(names.map((n) => table.slotOf(n))).toEqual(names.map((_, i) => i))
    const arrays = table.arrays()
    for (const name of names) {
      const slot = table.slotOf(name)
      expect({ tasks: arrays.tasks[slot], cpus: arrays.cpus[slot], memory: arrays.memory[slot] }).toEqual(
        table.load(name),
      )
    }
    expect(table.load('node39')).toEqual({ tasks: 39, cpus: 39 * CPU, memory: 0 })
  })

  test('withTasks moves a load by whole tasks of one reservation', () => {
    const load = { tasks: 3, cpus: 3 * CPU, memory: GiB }
    expect(withTasks(load, 2, { cpus: CPU, memory: GiB })).toEqual({
      tasks: 5,
      cpus: 5 * CPU,
      memory: 3 * GiB,
    })
    expect(withTasks(load, -3, { cpus: CPU, memory: 0 })).toEqual({ tasks: 0, cpus: 0, memory: GiB })
  })
})
