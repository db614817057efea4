import { describe, expect, test } from 'vitest'
import { CliError } from '../../src/cli/app.js'
import { matchesSelector, parseSelector } from '../../src/cli/select/label-selector.js'

const labels = { zone: 'b', tier: 'web', 'berth.dev/pool': 'blue' }

describe('kubectl label selectors', () => {
  test.each([
    ['zone=b', true],
    ['zone==b', true],
    ['zone=a', false],
    ['zone!=a', true],
    ['missing!=a', true], // != matches a missing key, as in Kubernetes
    ['zone in (a,b)', true],
    ['zone in (a, c)', false],
    ['zone notin (a)', true],
    ['missing notin (a)', true],
    ['zone', true],
    ['!zone', false],
    ['!gpu', true],
    ['zone=b,tier=web', true],
    ['zone in (a,b),tier!=web', false], // the comma inside the parentheses is part of the set
    ['berth.dev/pool=blue', true],
    ['zone=', false],
    ['', true],
  ])('%s → %s', (selector, expected) => {
    expect(matchesSelector(parseSelector(selector), labels)).toBe(expected)
  })

  test.each(['zone b', 'zone=b c', 'zone in (a', '=b', 'zone=b,,tier=web', 'a/b/c=x'])(
    '%s is a usage error naming the requirement',
    (selector) => {
      let error: unknown
      try {
        parseSelector(selector)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(CliError)
      expect((error as CliError).exitCode).toBe(2)
      expect((error as CliError).message).toContain(`invalid selector "${selector}"`)
    },
  )
})
