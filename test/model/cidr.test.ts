import { describe, expect, test } from 'vitest'
import { cidrContains, cidrsOverlap, formatCidr, parseCidr, parseIp } from '../../src/model/cidr.js'

function cidr(text: string) {
  const parsed = parseCidr(text)
  if ('error' in parsed) throw new Error(parsed.error)
  return parsed
}

function ip(text: string) {
  const parsed = parseIp(text)
  if (!parsed) throw new Error(`bad ip ${text}`)
  return parsed
}

describe('parseCidr', () => {
  test.each([
    ['10.0.9.0/24', '10.0.9.0/24'],
    ['10.0.9.1/24', '10.0.9.0/24'], // host bits are cleared in network (address keeps them)
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['192.168.1.7/32', '192.168.1.7/32'],
    ['fd00:9::/64', 'fd00:9::/64'],
    ['FD00:0009:0000:0000:0000:0000:0000:0000/64', 'fd00:9::/64'],
    ['2001:db8::1/128', '2001:db8::1/128'],
    ['::/0', '::/0'],
    ['::ffff:10.0.0.0/120', '::ffff:a00:0/120'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'], // the first longest zero run
  ])('%s is %s', (text, canonical) => {
    expect(formatCidr(cidr(text))).toBe(canonical)
  })

  test.each([
    ['10.0.9.0'],
    ['10.0.9.0/33'],
    ['10.0.9/24'],
    ['10.0.9.256/24'],
    ['fd00::/129'],
    ['x/8'],
    ['/8'],
  ])('%s is refused', (text) => {
    expect(parseCidr(text)).toHaveProperty('error')
  })
})

describe('containment and overlap', () => {
  test.each([
    ['10.0.9.0/24', '10.0.9.1', true],
    ['10.0.9.0/24', '10.0.9.255', true],
    ['10.0.9.0/24', '10.0.10.1', false],
    ['fd00:9::/64', 'fd00:9::1', true],
    ['fd00:9::/64', 'fd00:a::1', false],
    ['10.0.0.0/8', '::ffff:10.0.0.1', false], // families never mix
  ])('%s contains %s: %s', (block, address, expected) => {
    expect(cidrContains(cidr(block), ip(address))).toBe(expected)
  })

  test.each([
    ['10.0.0.0/16', '10.0.9.0/24', true],
    ['10.0.9.0/24', '10.0.0.0/16', true],
    ['10.0.9.0/24', '10.0.10.0/24', false],
    ['10.0.9.0/24', '10.0.9.0/24', true],
    ['fd00::/16', 'fd00:9::/64', true],
    ['fd00::/64', 'fd01::/64', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(cidrsOverlap(cidr(a), cidr(b))).toBe(expected)
  })
})
