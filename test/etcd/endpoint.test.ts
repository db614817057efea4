import { describe, expect, test } from 'vitest'
import { parseEtcdEndpoint } from '../../src/etcd/endpoint.js'
import { parseStoreOptions } from '../../src/etcd/store-flags.js'

describe('--store etcd://…', () => {
  test.each([
    ['etcd://127.0.0.1:2379', ['http://127.0.0.1:2379'], '/berth'],
    // Several members, comma-separated, and a prefix of one's own (two teams, one etcd).
    [
      'etcd://10.0.0.1:2379,10.0.0.2:2379/team-a',
      ['http://10.0.0.1:2379', 'http://10.0.0.2:2379'],
      '/team-a',
    ],
    // A trailing slash is the same prefix; a bare slash is the default one.
    ['etcd://etcd.local:2379/team-a/', ['http://etcd.local:2379'], '/team-a'],
    ['etcd://etcd.local:2379/', ['http://etcd.local:2379'], '/berth'],
    ['etcd://[::1]:2379', ['http://[::1]:2379'], '/berth'],
  ])('%s', (url, hosts, prefix) => {
    expect(parseEtcdEndpoint(url)).toEqual({ hosts, prefix })
  })

  test.each([
    ['http://127.0.0.1:2379', 'expected etcd://host:port'],
    ['etcd://127.0.0.1', '"127.0.0.1" is not host:port'],
    ['etcd://a:1,,b:2', '"" is not host:port'],
  ])('%s is refused', (url, message) => {
    expect(() => parseEtcdEndpoint(url)).toThrow(message)
  })

  test('--lease-ttl takes whole seconds; 15s when not given', () => {
    expect(parseStoreOptions({ store: 'etcd://h:1' })?.ttlSeconds).toBe(15)
    expect(parseStoreOptions({ store: 'etcd://h:1', leaseTtl: '1m' })?.ttlSeconds).toBe(60)
    expect(() => parseStoreOptions({ store: 'etcd://h:1', leaseTtl: '500ms' })).toThrow('whole seconds')
    expect(parseStoreOptions({ leaseTtl: '5s' })).toBeUndefined()
  })
})
