import { describe, expect, test } from 'vitest'
import type { PluginConfig } from '../../src/model/spec.js'
import { computePrivileges, formatPrivilege, formatPrivilegesPrompt } from '../../src/plugins/privileges.js'
import { loadRegistry } from '../../src/plugins/registry.js'

const registry = loadRegistry()

function catalogConfig(remote: string): PluginConfig {
  const config = registry.lookup(remote)
  if (!config) throw new Error(`${remote} is not in the catalog`)
  return config
}

describe("computePrivileges for the shipped catalog (what each plugin's config.json declares)", () => {
  test.each([
    // The reference page shows no prompt at all.
    ['tiborvass/sample-volume-plugin', []],
    ['bboreham/weave2', ['network: [host]', 'capabilities: [CAP_SYS_ADMIN CAP_NET_ADMIN]']],
    [
      'vieux/sshfs',
      [
        'network: [host]',
        'mount: [/var/lib/docker/plugins/]',
        'device: [/dev/fuse]',
        'capabilities: [CAP_SYS_ADMIN]',
      ],
    ],
    // moby asks once per mount, so NOTES' `mount: [/proc/ /var/run/docker.sock ...]` is five lines.
    [
      'weaveworks/net-plugin',
      [
        'network: [host]',
        'mount: [/proc/]',
        'mount: [/var/run/docker.sock]',
        'mount: [/var/lib/]',
        'mount: [/etc/]',
        'mount: [/lib/modules/]',
        'capabilities: [CAP_SYS_ADMIN CAP_NET_ADMIN CAP_SYS_MODULE]',
      ],
    ],
    // As `docker plugin install rexray/s3fs` prints it.
    [
      'rexray/s3fs',
      ['network: [host]', 'mount: [/dev]', 'allow-all-devices: [true]', 'capabilities: [CAP_SYS_ADMIN]'],
    ],
    [
      'rexray/ebs',
      ['network: [host]', 'mount: [/dev]', 'allow-all-devices: [true]', 'capabilities: [CAP_SYS_ADMIN]'],
    ],
    ['grafana/loki-docker-driver', ['network: [host]']],
  ])('%s', (remote, expected) => {
    expect(computePrivileges(catalogConfig(remote)).map(formatPrivilege)).toEqual(expected)
  })
})

describe('formatPrivilegesPrompt', () => {
  test('the reference page prompt for bboreham/weave2', () => {
    expect(
      formatPrivilegesPrompt('bboreham/weave2', computePrivileges(catalogConfig('bboreham/weave2'))),
    ).toBe(
      'Plugin "bboreham/weave2" is requesting the following privileges:\n' +
        ' - network: [host]\n' +
        ' - capabilities: [CAP_SYS_ADMIN CAP_NET_ADMIN]',
    )
  })

  test('no privileges: the header alone', () => {
    expect(formatPrivilegesPrompt('tiborvass/sample-volume-plugin', [])).toBe(
      'Plugin "tiborvass/sample-volume-plugin" is requesting the following privileges:',
    )
  })
})
