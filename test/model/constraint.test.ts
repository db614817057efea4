import { describe, expect, test } from 'vitest'
import { parseConstraint, parseNodeAttribute } from '../../src/model/constraint.js'

describe('parseConstraint', () => {
  test.each([
    ['node.role==manager', { key: 'node.role', operator: '==', value: 'manager' }],
    ['node.role != worker', { key: 'node.role', operator: '!=', value: 'worker' }],
    ['node.hostname==node2', { key: 'node.hostname', operator: '==', value: 'node2' }],
    ['node.id==abc123', { key: 'node.id', operator: '==', value: 'abc123' }],
    ['node.platform.os==linux', { key: 'node.platform.os', operator: '==', value: 'linux' }],
    ['node.platform.arch!=aarch64', { key: 'node.platform.arch', operator: '!=', value: 'aarch64' }],
    ['node.labels.zone==a', { key: 'node.labels.zone', operator: '==', value: 'a' }],
    // fixed keys are case-insensitive and normalised; a label's own name keeps its case
    ['Node.Labels.Zone==A', { key: 'node.labels.Zone', operator: '==', value: 'A' }],
    ['NODE.ROLE==Manager', { key: 'node.role', operator: '==', value: 'Manager' }],
    ['node.labels.disk.type==ssd', { key: 'node.labels.disk.type', operator: '==', value: 'ssd' }],
  ])('%s parses', (expr, expected) => {
    expect(parseConstraint(expr)).toEqual(expected)
  })

  test.each([
    ['node.role=manager', /expected key==value or key!=value/],
    ['node.role', /expected key==value/],
    ['node.foo==bar', /unknown key "node.foo"/],
    ['zone==a', /unknown key "zone"/],
    ['engine.labels.os==linux', /engine labels are not supported/],
    ['node.labels.==a', /missing label name/],
    ['node.role==', /missing value after "=="/],
    ['node.role==boss', /node.role is manager or worker/],
    ['node.labels.zone==a"b', /invalid value/],
    ['==a', /invalid key ""/],
    ['node.labels.a!=b==c', /invalid key/], // "==" is looked for first, as in Swarm
  ])('%s is refused', (expr, message) => {
    const parsed = parseConstraint(expr)
    expect('error' in parsed && parsed.error).toMatch(message)
  })
})

describe('parseNodeAttribute', () => {
  test.each([
    ['node.labels.zone', 'node.labels.zone'],
    ['node.role', 'node.role'],
    ['node.platform.OS', 'node.platform.os'],
  ])('%s is %s', (key, expected) => {
    expect(parseNodeAttribute(key)).toBe(expected)
  })

  test.each([['zone'], ['node.labels.'], ['engine.labels.zone'], ['node labels']])('%s is refused', (key) => {
    expect(parseNodeAttribute(key)).toHaveProperty('error')
  })
})
