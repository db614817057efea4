import { describe, expect, test } from 'vitest'
import type { PluginConfig } from '../../src/model/spec.js'
import type { PluginType } from '../../src/model/status.js'
import {
  BUILTIN_DRIVERS,
  isBuiltinDriver,
  parseInterfaceType,
  pluginCapabilities,
  pluginTypes,
} from '../../src/plugins/capabilities.js'

describe('parseInterfaceType', () => {
  test.each([
    ['docker.volumedriver/1.0', { prefix: 'docker', capability: 'volumedriver', version: '1.0' }],
    ['docker.authz/1.0', { prefix: 'docker', capability: 'authz', version: '1.0' }],
    // The prefix runs to the last dot before the version, as in moby.
    ['com.example.thing/2', { prefix: 'com.example', capability: 'thing', version: '2' }],
    ['bare', { prefix: '', capability: 'bare', version: '' }],
  ])('%s', (text, expected) => {
    expect(parseInterfaceType(text)).toEqual(expected)
  })
})

describe('pluginTypes and pluginCapabilities', () => {
  test.each<[string[], string[], PluginType[]]>([
    [['docker.volumedriver/1.0'], ['volumedriver'], ['Volume']],
    [['docker.networkdriver/1.0'], ['networkdriver'], ['Network']],
    [['docker.ipamdriver/1.0'], ['ipamdriver'], ['IpamDriver']],
    [['docker.logdriver/1.0'], ['logdriver'], ['Log']],
    [['docker.authz/1.0'], ['authz'], ['Authorization']],
    [
      ['docker.networkdriver/1.0', 'docker.ipamdriver/1.0'],
      ['networkdriver', 'ipamdriver'],
      ['Network', 'IpamDriver'],
    ],
    // Only `docker.` types are advertised to Swarm; unknown capabilities are not scheduled on.
    [['acme.volumedriver/1.0'], ['volumedriver'], []],
    [['docker.metricscollector/1.0'], ['metricscollector'], []],
    [['docker.volumedriver/1.0', 'docker.volumedriver/2.0'], ['volumedriver'], ['Volume']],
    [[], [], []],
  ])('%j', (types, capabilities, expected) => {
    const config: PluginConfig = { interface: { types } }
    expect(pluginCapabilities(config)).toEqual(capabilities)
    expect(pluginTypes(config)).toEqual(expected)
  })

  test('a config without interface has no types', () => {
    expect(pluginTypes({})).toEqual([])
    expect(pluginCapabilities({})).toEqual([])
  })
})

describe('built-in drivers', () => {
  test.each<[PluginType, string, boolean]>([
    ['Volume', 'local', true],
    ['Network', 'overlay', true],
    ['Network', 'null', true],
    ['Network', 'ipvlan', true],
    ['Log', 'json-file', true],
    ['Log', 'none', true],
    ['Log', 'local', true],
    ['Volume', 'overlay', false],
    ['Volume', 'vieux/sshfs', false],
    ['IpamDriver', 'default', false],
    ['Network', 'weave', false],
  ])('%s %s → %s', (type, name, expected) => {
    expect(isBuiltinDriver(type, name)).toBe(expected)
  })

  test('the list cannot be changed', () => {
    expect(Object.isFrozen(BUILTIN_DRIVERS)).toBe(true)
    expect(Object.isFrozen(BUILTIN_DRIVERS.Network)).toBe(true)
  })
})
