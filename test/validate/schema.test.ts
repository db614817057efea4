import { describe, expect, test } from 'vitest'
import type { Kind } from '../../src/model/kinds.js'
import { createValidator } from '../../src/validate/validator.js'

const validator = createValidator()

/** A document of `kind` named `x` with `spec`, plus any top-level extras. */
function doc(kind: Kind, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'berth.dev/v1', kind, metadata: { name: 'x' }, spec, ...extra }
}

const ready = {
  type: 'Ready',
  status: 'True',
  reason: 'Ready',
  message: 'x is ready',
  lastTransitionTime: '2024-05-01T10:00:00Z',
}

describe('valid documents pass', () => {
  test.each<[string, Kind, Record<string, unknown>, Record<string, unknown>?]>([
    ['minimal node', 'Node', {}],
    [
      'full node',
      'Node',
      {
        role: 'manager',
        availability: 'drain',
        resources: { cpus: 4, memory: '8Gi' },
        platform: { os: 'linux', architecture: 'x86_64' },
      },
      { metadata: { name: 'node-1.a_b', labels: { zone: 'b', 'topology.berth.dev/rack': 'r1' } } },
    ],
    ['node with string cpus', 'Node', { resources: { cpus: '500m', memory: 1073741824 } }],
    ['minimal plugin', 'Plugin', { remote: 'tiborvass/sample-volume-plugin' }],
    [
      'plugin with grants and selector',
      'Plugin',
      {
        remote: 'bboreham/weave2',
        alias: 'weave',
        enabled: false,
        nodeSelector: { zone: 'b' },
        grantAllPermissions: false,
        grantedPrivileges: [
          { name: 'network', value: ['host'] },
          { name: 'capabilities', description: 'caps', value: ['CAP_SYS_ADMIN'] },
        ],
      },
    ],
    [
      'plugin with a config.json, unknown fields kept',
      'Plugin',
      {
        remote: 'vieux/sshfs',
        config: {
          description: 'sshFS plugin for Docker',
          interface: { types: ['docker.volumedriver/1.0'], socket: 'sshfs.sock' },
          network: { type: 'host' },
          mounts: [
            {
              source: '/var/lib/docker/plugins/',
              destination: '/mnt/state',
              type: 'bind',
              options: ['rbind'],
            },
          ],
          propagatedmount: '/mnt/volumes',
          linux: { capabilities: ['CAP_SYS_ADMIN'], devices: [{ path: '/dev/fuse' }] },
          env: [{ name: 'DEBUG', value: '0', settable: ['value'] }],
          args: { name: 'args', settable: ['value'], value: [] },
          user: { uid: 0, gid: 0 },
          scope: 'local',
          somethingNew: { from: 'a later Docker' },
        },
      },
    ],
    [
      'volume',
      'Volume',
      { driver: 'tiborvass/sample-volume-plugin', driverOpts: { size: '1G' }, nodes: ['node2'] },
    ],
    [
      'network',
      'Network',
      {
        driver: 'bboreham/weave2:latest',
        attachable: true,
        internal: false,
        driverOpts: {},
        ipam: {
          driver: 'default',
          config: [{ subnet: '10.0.9.0/24', gateway: '10.0.9.1', ipRange: '10.0.9.128/25' }],
        },
      },
    ],
    ['minimal service', 'Service', { image: 'busybox' }],
    [
      'full service',
      'Service',
      {
        image: 'mrjana/simpleweb',
        command: ['simpleweb'],
        args: ['-v'],
        env: ['A=1'],
        mode: 'replicated',
        replicas: 8,
        networks: ['globalnet'],
        mounts: [
          { type: 'volume', source: 'pluginVol', target: '/tmp', readOnly: true, volumeDriver: 'x/y' },
        ],
        logDriver: { name: 'json-file', options: { 'max-size': '10m' } },
        placement: {
          constraints: ['node.role==manager', 'node.labels.zone!=a'],
          preferences: [{ spread: 'node.labels.zone' }],
          maxReplicasPerNode: 2,
          platforms: [{ os: 'linux', architecture: 'x86_64' }],
        },
        resources: { reservations: { cpus: 0.5, memory: '64Mi' }, limits: { cpus: '1500m', memory: '512M' } },
      },
    ],
    ['global service', 'Service', { image: 'busybox', mode: 'global' }],
    [
      'service with status',
      'Service',
      { image: 'busybox' },
      {
        status: {
          observedGeneration: 3,
          specDigest: 'sha256:abc',
          conditions: [ready],
          replicas: { desired: 2, running: 1 },
          tasks: [
            {
              id: 'x44tvvdm3iwkt9kif35f7ykz1',
              name: 'x.1',
              slot: 1,
              node: 'node2',
              state: 'running',
              desiredState: 'running',
            },
            {
              id: 'x7n1rm6lltw5gja3ueikze57q',
              name: 'x.2',
              slot: 2,
              state: 'pending',
              desiredState: 'running',
              message: 'no suitable node (missing plugin on 1 node)',
            },
          ],
        },
      },
    ],
    [
      'node with status',
      'Node',
      {},
      {
        status: {
          state: 'ready',
          plugins: [{ type: 'Volume', name: 'tiborvass/sample-volume-plugin:latest' }],
          tasks: 1,
          conditions: [ready],
        },
      },
    ],
    [
      'plugin with status',
      'Plugin',
      { remote: 'bboreham/weave2' },
      {
        status: {
          name: 'bboreham/weave2:latest',
          capabilities: ['networkdriver'],
          scope: 'global',
          privileges: [{ name: 'network', value: ['host'] }],
          nodes: [{ node: 'node1', enabled: true }],
        },
      },
    ],
    [
      'network with status',
      'Network',
      {},
      { status: { id: 'qlj7ueteg6lyx1a9b0c3d4e5f', scope: 'swarm', nodes: ['node1'] } },
    ],
    [
      'volume with status',
      'Volume',
      {},
      { status: { scope: 'local', nodes: ['node2'], observedGeneration: 1 } },
    ],
  ])('%s', (_name, kind, spec, extra) => {
    expect(validator.validate(kind, doc(kind, spec, extra))).toEqual([])
  })
})

describe('schema errors name the path', () => {
  test.each<[string, Kind, unknown, (string | number)[], string]>([
    // unknown fields: the path is the unknown key itself
    [
      'unknown spec field',
      'Service',
      doc('Service', { image: 'b', foo: 1 }),
      ['spec', 'foo'],
      'spec.foo: unknown field "foo"',
    ],
    [
      'misspelt field',
      'Service',
      doc('Service', { image: 'b', replica: 2 }),
      ['spec', 'replica'],
      '(did you mean "replicas"?)',
    ],
    [
      'unknown nested field',
      'Service',
      doc('Service', { image: 'b', mounts: [{ target: '/t', src: 'v' }] }),
      ['spec', 'mounts', 0, 'src'],
      'spec.mounts[0].src: unknown field "src"',
    ],
    [
      'unknown top-level field',
      'Node',
      doc('Node', {}, { extra: true }),
      ['extra'],
      'extra: unknown field "extra"',
    ],
    [
      'unknown metadata field',
      'Node',
      doc('Node', {}, { metadata: { name: 'x', namespace: 'y' } }),
      ['metadata', 'namespace'],
      'unknown field',
    ],
    [
      'unknown status field',
      'Volume',
      doc('Volume', {}, { status: { ready: true } }),
      ['status', 'ready'],
      'unknown field',
    ],
    // unknown fields inside a known part of config.json are still errors
    [
      'config typo',
      'Plugin',
      doc('Plugin', { remote: 'r', config: { linux: { capabilites: [] } } }),
      ['spec', 'config', 'linux', 'capabilites'],
      'unknown field',
    ],
    // wrong types
    [
      'replicas as string',
      'Service',
      doc('Service', { image: 'b', replicas: 'three' }),
      ['spec', 'replicas'],
      'spec.replicas: must be integer',
    ],
    [
      'replicas as float',
      'Service',
      doc('Service', { image: 'b', replicas: 1.5 }),
      ['spec', 'replicas'],
      'must be integer',
    ],
    [
      'command as string',
      'Service',
      doc('Service', { image: 'b', command: 'top' }),
      ['spec', 'command'],
      'spec.command: must be array',
    ],
    [
      'label value not a string',
      'Node',
      doc('Node', {}, { metadata: { name: 'x', labels: { n: 1 } } }),
      ['metadata', 'labels', 'n'],
      'metadata.labels.n: must be string',
    ],
    [
      'enabled as string',
      'Plugin',
      doc('Plugin', { remote: 'r', enabled: 'yes' }),
      ['spec', 'enabled'],
      'must be boolean',
    ],
    [
      'spec not a mapping',
      'Volume',
      doc('Volume', [] as unknown as Record<string, unknown>),
      ['spec'],
      'spec: must be object',
    ],
    [
      'quantity of the wrong type',
      'Node',
      doc('Node', { resources: { memory: true } }),
      ['spec', 'resources', 'memory'],
      'must be number or string',
    ],
    ['document not a mapping', 'Node', 'hello', [], 'document: must be object'],
    // a wrong type is reported once, without the enum complaint as well
    [
      'mode as number',
      'Service',
      doc('Service', { image: 'b', mode: 5 }),
      ['spec', 'mode'],
      'spec.mode: must be string',
    ],
    // enums
    [
      'bad mode',
      'Service',
      doc('Service', { image: 'b', mode: 'replica' }),
      ['spec', 'mode'],
      'spec.mode: must be one of replicated, global',
    ],
    ['bad role', 'Node', doc('Node', { role: 'master' }), ['spec', 'role'], 'must be one of manager, worker'],
    [
      'bad availability',
      'Node',
      doc('Node', { availability: 'drained' }),
      ['spec', 'availability'],
      'must be one of active, pause, drain',
    ],
    [
      'bad mount type',
      'Service',
      doc('Service', { image: 'b', mounts: [{ type: 'nfs', target: '/t' }] }),
      ['spec', 'mounts', 0, 'type'],
      'must be one of volume, bind, tmpfs',
    ],
    [
      'wrong kind',
      'Service',
      { ...doc('Service', { image: 'b' }), kind: 'Node' },
      ['kind'],
      'kind: must be Service',
    ],
    [
      'wrong apiVersion',
      'Node',
      { ...doc('Node', {}), apiVersion: 'v1' },
      ['apiVersion'],
      'apiVersion: must be berth.dev/v1',
    ],
    [
      'bad condition status',
      'Node',
      doc('Node', {}, { status: { conditions: [{ ...ready, status: 'true' }] } }),
      ['status', 'conditions', 0, 'status'],
      'must be one of True, False, Unknown',
    ],
    // missing required fields: the path is the parent
    ['missing image', 'Service', doc('Service', {}), ['spec'], 'spec: missing required field "image"'],
    ['missing remote', 'Plugin', doc('Plugin', {}), ['spec'], 'missing required field "remote"'],
    [
      'missing spec',
      'Service',
      { apiVersion: 'berth.dev/v1', kind: 'Service', metadata: { name: 'x' } },
      [],
      'missing required field "spec"',
    ],
    [
      'missing name',
      'Node',
      doc('Node', {}, { metadata: {} }),
      ['metadata'],
      'metadata: missing required field "name"',
    ],
    [
      'missing mount target',
      'Service',
      doc('Service', { image: 'b', mounts: [{ source: 'v' }] }),
      ['spec', 'mounts', 0],
      'missing required field "target"',
    ],
    [
      'privilege without value',
      'Plugin',
      doc('Plugin', { remote: 'r', grantedPrivileges: [{ name: 'network' }] }),
      ['spec', 'grantedPrivileges', 0],
      'missing required field "value"',
    ],
    // patterns, limits, formats
    [
      'bad name',
      'Node',
      doc('Node', {}, { metadata: { name: '-node' } }),
      ['metadata', 'name'],
      'metadata.name: invalid name "-node"',
    ],
    [
      'name too long',
      'Node',
      doc('Node', {}, { metadata: { name: 'a'.repeat(65) } }),
      ['metadata', 'name'],
      'invalid name',
    ],
    [
      'negative replicas',
      'Service',
      doc('Service', { image: 'b', replicas: -1 }),
      ['spec', 'replicas'],
      'must be 0 or more',
    ],
    [
      'empty image',
      'Service',
      doc('Service', { image: '' }),
      ['spec', 'image'],
      'spec.image: must not be empty',
    ],
    [
      'bad transition time',
      'Node',
      doc('Node', {}, { status: { conditions: [{ ...ready, lastTransitionTime: 'yesterday' }] } }),
      ['status', 'conditions', 0, 'lastTransitionTime'],
      'is not a valid date-time',
    ],
    [
      'bad task id',
      'Service',
      doc(
        'Service',
        { image: 'b' },
        { status: { tasks: [{ id: 'X', name: 'x.1', state: 'running', desiredState: 'running' }] } },
      ),
      ['status', 'tasks', 0, 'id'],
      '"X" does not match',
    ],
    // sets and map lists
    [
      'duplicate network',
      'Service',
      doc('Service', { image: 'b', networks: ['n', 'm', 'n'] }),
      ['spec', 'networks', 2],
      'duplicate "n" (repeats spec.networks[0])',
    ],
    [
      'duplicate condition',
      'Node',
      doc('Node', {}, { status: { conditions: [ready, ready] } }),
      ['status', 'conditions', 1],
      'duplicate type "Ready" (repeats status.conditions[0])',
    ],
  ])('%s', (_name, kind, input, path, message) => {
    const issues = validator.validate(kind, input)
    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) })
  })

  test('every problem is reported, not just the first', () => {
    const issues = validator.validate(
      'Service',
      doc('Service', { image: 'b', foo: 1, replicas: 'x', mode: 'm' }),
    )
    expect(issues.map((i) => i.path)).toEqual([
      ['spec', 'foo'],
      ['spec', 'mode'],
      ['spec', 'replicas'],
    ])
  })
})
