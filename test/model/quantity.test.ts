import { describe, expect, test } from 'vitest'
import { parseCpus, parseMemory } from '../../src/model/quantity.js'

describe('parseMemory', () => {
  test.each([
    [1073741824, 1073741824], // a plain number is bytes
    ['1024', 1024],
    ['64Mi', 64 * 2 ** 20],
    ['8Gi', 8 * 2 ** 30],
    ['1Ki', 1024],
    ['2Ti', 2 * 2 ** 40],
    ['512M', 512e6], // decimal suffixes, as Kubernetes
    ['512k', 512e3],
    ['512K', 512e3],
    ['1G', 1e9],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['0.5Ki', 512],
    ['.5Ki', 512],
    ['1e3', 1000],
    ['1P', 1e15],
    ['2E3', 2000], // E with digits is an exponent
    [1.5, 2], // fractions of a byte round up, as Quantity.Value() does
    [0, 0],
  ])('%j is %d bytes', (q, bytes) => {
    expect(parseMemory(q)).toBe(bytes)
  })

  test.each([
    ['8Gx'],
    ['8 Gi'],
    ['-1Gi'],
    [-1],
    ['Gi'],
    [''],
    ['512m'], // milli-bytes: Docker users mean MiB, Kubernetes means 0.512 bytes; refuse
    ['1.2.3'],
    ['8Ei'], // beyond Number.MAX_SAFE_INTEGER
    ['1E'], // exa (E alone is a suffix, not an exponent): too large as well
    [Number.POSITIVE_INFINITY],
    [Number.NaN],
  ])('%j is not a memory quantity', (q) => {
    expect(parseMemory(q)).toBeUndefined()
  })
})

describe('parseCpus', () => {
  test.each([
    [0.5, 500_000_000],
    ['0.5', 500_000_000],
    ['500m', 500_000_000],
    [2, 2_000_000_000],
    ['2', 2_000_000_000],
    [0.1, 100_000_000], // exact: no float error from 0.1 * 1e9
    [0.3, 300_000_000],
    ['1m', 1_000_000],
    ['1.5m', 1_500_000],
    [0, 0],
    [1e-10, 1], // below a nano-CPU rounds up
  ])('%j is %d nano-CPUs', (q, nanos) => {
    expect(parseCpus(q)).toBe(nanos)
  })

  test.each([['500x'], ['-1'], [-0.5], ['2Gi'], ['m'], ['']])('%j is not a CPU quantity', (q) => {
    expect(parseCpus(q)).toBeUndefined()
  })
})
