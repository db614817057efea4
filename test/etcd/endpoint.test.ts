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

  test('TLS from any of the three files: the members are reached over https', () => {
    const ca = Buffer.from('-----BEGIN CERTIFICATE-----\n')
    expect(parseEtcdEndpoint('etcd://a:1,b:2', { ca }).hosts).toEqual(['https://a:1', 'https://b:2'])
    // A user alone is not TLS.
    const user = { name: 'root', password: 'x' }
    expect(parseEtcdEndpoint('etcd://a:1', { user }).hosts).toEqual(['http://a:1'])
  })

  test('--etcd-user takes NAME:PASSWORD, or NAME and $BERTH_ETCD_PASSWORD', () => {
    const user = (flag: string, env: NodeJS.ProcessEnv = {}) =>
      parseStoreOptions({ store: 'etcd://h:1', etcdUser: flag }, env)?.endpoint.security?.user
    expect(user('root:pa:ss')).toEqual({ name: 'root', password: 'pa:ss' })
    expect(user('root', { BERTH_ETCD_PASSWORD: 'pw' })).toEqual({ name: 'root', password: 'pw' })
    expect(() => user(':pw')).toThrow('--etcd-user: the user name is empty')
    expect(() => user('root:')).toThrow('--etcd-user root: no password')
  })
})
