import { describe, expect, test } from 'vitest'
import { carriesToken } from '../../src/observe/auth.js'
import { parseListenAddress } from '../../src/observe/listen-address.js'

describe('--listen addresses', () => {
  test.each([
    ['127.0.0.1:9100', { host: '127.0.0.1', port: 9100, loopback: true }],
    ['127.1.2.3:80', { host: '127.1.2.3', port: 80, loopback: true }],
    ['localhost:9100', { host: 'localhost', port: 9100, loopback: true }],
    ['[::1]:9100', { host: '::1', port: 9100, loopback: true }],
    ['9100', { host: '127.0.0.1', port: 9100, loopback: true }], // a bare port stays on loopback
    [':9100', { host: '0.0.0.0', port: 9100, loopback: false }], // every interface
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0, loopback: false }],
    ['[::]:9100', { host: '::', port: 9100, loopback: false }],
    ['192.168.1.5:9100', { host: '192.168.1.5', port: 9100, loopback: false }],
    ['[::ffff:127.0.0.1]:9100', { host: '::ffff:127.0.0.1', port: 9100, loopback: true }],
  ])('%s', (value, expected) => {
    expect(parseListenAddress(value)).toEqual(expected)
  })

  test.each(['nowhere', '127.0.0.1', '127.0.0.1:99999', 'example.com:9100', '[::1:9100'])(
    '%s is refused with a message',
    (value) => {
      expect(parseListenAddress(value)).toMatch(/^--listen: /)
    },
  )
})

describe('the token check', () => {
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  test.each([
    ['Bearer s3cret', true],
    ['bearer s3cret', true],
    ['Bearer s3cret ', true],
    ['Bearer s3cre', false],
    ['Bearer s3cret2', false],
    ['s3cret', false],
    ['', false],
    [basic('pat', 's3cret'), true],
    [basic('', 's3cret'), true],
    [basic('s3cret', ''), false],
    ['Token s3cret', false],
  ])('%j → %s', (header, expected) => {
    expect(carriesToken(header || undefined, 's3cret')).toBe(expected)
  })
})
