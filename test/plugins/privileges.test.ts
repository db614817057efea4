import { describe, expect, test } from 'vitest'
import type { PluginConfig, Privilege } from '../../src/model/spec.js'
import {
  computePrivileges,
  formatPrivilege,
  missingPrivileges,
  privilegesEqual,
  unrequestedPrivileges,
} from '../../src/plugins/privileges.js'

describe('computePrivileges follows moby', () => {
  test.each<[string, PluginConfig, string[]]>([
    ['no network privilege for bridge', { network: { type: 'bridge' } }, []],
    ['no network privilege for null', { network: { type: 'null' } }, []],
    ['no network privilege for an empty type', { network: { type: '' } }, []],
    [
      'host namespaces',
      { ipchost: true, pidhost: true },
      ['host ipc namespace: [true]', 'host pid namespace: [true]'],
    ],
    // Go skips only a missing source; an empty one is still asked for (vieux/sshfs's `sshkey`).
    ['a mount without source is skipped', { mounts: [{ destination: '/x' }, { source: '' }] }, ['mount: []']],
    ['a device without path is skipped', { linux: { devices: [{ name: 'fuse' }] } }, []],
    ['empty capabilities ask nothing', { linux: { capabilities: [] } }, []],
    [
      "moby's order whatever the config's",
      {
        linux: {
          capabilities: ['CAP_NET_ADMIN'],
          allowAllDevices: true,
          devices: [{ path: '/dev/net/tun' }],
        },
        mounts: [{ source: '/run/docker.sock' }],
        pidhost: true,
        ipchost: true,
        network: { type: 'host' },
      },
      [
        'network: [host]',
        'host ipc namespace: [true]',
        'host pid namespace: [true]',
        'mount: [/run/docker.sock]',
        'device: [/dev/net/tun]',
        'allow-all-devices: [true]',
        'capabilities: [CAP_NET_ADMIN]',
      ],
    ],
  ])('%s', (_, config, expected) => {
    expect(computePrivileges(config).map(formatPrivilege)).toEqual(expected)
  })

  test('the capabilities list is a copy', () => {
    const config: PluginConfig = { linux: { capabilities: ['CAP_SYS_ADMIN'] } }
    computePrivileges(config)[0]?.value.push('CAP_NET_ADMIN')
    expect(config.linux?.capabilities).toEqual(['CAP_SYS_ADMIN'])
  })
})

const network: Privilege = { name: 'network', value: ['host'] }
const caps: Privilege = { name: 'capabilities', value: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'] }
const mountA: Privilege = { name: 'mount', value: ['/a'] }
const mountB: Privilege = { name: 'mount', value: ['/b'] }

describe('privilegesEqual, missingPrivileges, unrequestedPrivileges', () => {
  test.each<[string, Privilege[], Privilege[], boolean, Privilege[], Privilege[]]>([
    ['identical', [network, caps], [network, caps], true, [], []],
    ['list order ignored', [network, caps], [caps, network], true, [], []],
    [
      'value order ignored',
      [caps],
      [{ name: 'capabilities', value: ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN'] }],
      true,
      [],
      [],
    ],
    [
      'descriptions ignored',
      [network],
      [{ ...network, description: 'permissions to access a network' }],
      true,
      [],
      [],
    ],
    ['nothing asked, nothing granted', [], [], true, [], []],
    ['one missing', [network, caps], [network], false, [caps], []],
    [
      'a missing value',
      [caps],
      [{ name: 'capabilities', value: ['CAP_SYS_ADMIN'] }],
      false,
      [caps],
      [{ name: 'capabilities', value: ['CAP_SYS_ADMIN'] }],
    ],
    // Granting more than requested is "incorrect privileges" too.
    ['one extra', [network], [network, caps], false, [], [caps]],
    // moby never compares the first entry after sorting; berth does.
    [
      'the first entry counts',
      [caps, network],
      [caps, { name: 'network', value: ['bridge'] }],
      false,
      [network],
      [{ name: 'network', value: ['bridge'] }],
    ],
    ['repeated names as a multiset', [mountA, mountB], [mountB, mountA], true, [], []],
    [
      'a repeated grant does not cover two requests',
      [mountA, mountB],
      [mountA, mountA],
      false,
      [mountB],
      [mountA],
    ],
  ])('%s', (_, requested, granted, equal, missing, unrequested) => {
    expect(privilegesEqual(requested, granted)).toBe(equal)
    expect(missingPrivileges(requested, granted)).toEqual(missing)
    expect(unrequestedPrivileges(requested, granted)).toEqual(unrequested)
  })
})
