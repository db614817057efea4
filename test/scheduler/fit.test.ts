import { describe, expect, test } from 'vitest'
import { fits, lacking, overcommitted } from '../../src/scheduler/fit.js'
import { CPU, GiB, MiB } from '../support/sched.js'

const used = (cpus: number, memory: number) => ({ cpus, memory })

describe('fits', () => {
  test.each([
    ['an empty node with room', { cpus: 2 * CPU, memory: GiB }, used(0, 0), used(CPU, 512 * MiB), true],
    ['exactly full still fits', { cpus: 2 * CPU, memory: undefined }, used(CPU, 0), used(CPU, 0), true],
    [
      'one nano-CPU over does not',
      { cpus: 2 * CPU, memory: undefined },
      used(CPU, 0),
      used(CPU + 1, 0),
      false,
    ],
    [
      'memory over, CPUs fine',
      { cpus: 4 * CPU, memory: GiB },
      used(0, 600 * MiB),
      used(CPU, 512 * MiB),
      false,
    ],
    [
      'unset capacity is unlimited',
      { cpus: undefined, memory: undefined },
      used(1e6 * CPU, 0),
      used(64 * CPU, 1e3 * GiB),
      true,
    ],
    [
      'no reservation fits an overcommitted node',
      { cpus: CPU, memory: GiB },
      used(3 * CPU, 2 * GiB),
      used(0, 0),
      true,
    ],
    [
      'a task reserving only memory fits a node over on CPUs',
      { cpus: CPU, memory: GiB },
      used(3 * CPU, 0),
      used(0, 1),
      true,
    ],
    [
      'cpus reserved on a node already over on cpus',
      { cpus: CPU, memory: GiB },
      used(3 * CPU, 0),
      used(1, 0),
      false,
    ],
  ] as const)('%s', (_name, capacity, taken, task, ok) => {
    expect(fits(capacity, taken, task)).toBe(ok)
    // `lacking` names exactly what keeps the task out.
    expect(lacking(capacity, taken, task).length === 0).toBe(ok)
  })

  test('lacking names each resource that does not fit', () => {
    const capacity = { cpus: CPU, memory: GiB }
    expect(lacking(capacity, used(CPU, GiB), used(1, 1))).toEqual(['cpus', 'memory'])
    expect(lacking(capacity, used(CPU, 0), used(0, GiB))).toEqual([])
    expect(lacking(capacity, used(0, GiB), used(CPU, 1))).toEqual(['memory'])
  })
})

describe('overcommitted', () => {
  test.each([
    ['within capacity', { cpus: 2 * CPU, memory: GiB }, used(2 * CPU, GiB), false],
    ['cpus over', { cpus: 2 * CPU, memory: GiB }, used(2 * CPU + 1, 0), true],
    ['memory over', { cpus: undefined, memory: GiB }, used(0, GiB + 1), true],
    ['unlimited never is', { cpus: undefined, memory: undefined }, used(1e9 * CPU, 1e6 * GiB), false],
  ] as const)('%s', (_name, capacity, taken, over) => {
    expect(overcommitted(capacity, taken)).toBe(over)
  })
})
