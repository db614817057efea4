import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { pluginTypes } from '../../src/plugins/capabilities.js'
import { loadRegistry, shippedRegistryDir } from '../../src/plugins/registry.js'

const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A real temp dir holding the given files (relative path → content). */
function registryDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'))
  temps.push(dir)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

describe('the shipped catalog', () => {
  const registry = loadRegistry()

  test('is found and loads cleanly', () => {
    expect(shippedRegistryDir()).toMatch(/registry$/)
    expect(registry.errors).toEqual([])
  })

  test.each([
    ['tiborvass/sample-volume-plugin', 'Volume', 'local'],
    ['bboreham/weave2', 'Network', 'global'],
    ['vieux/sshfs', 'Volume', 'local'],
    ['weaveworks/net-plugin', 'Network', 'global'],
    ['rexray/s3fs', 'Volume', 'global'],
    ['rexray/ebs', 'Volume', 'global'],
    ['grafana/loki-docker-driver', 'Log', 'local'],
  ])('%s is a %s plugin of %s scope', (remote, type, scope) => {
    const config = registry.lookup(remote)
    expect(config && pluginTypes(config)).toEqual([type])
    expect(config?.scope).toBe(scope)
  })

  test.each([
    ['vieux/sshfs:latest', 'sshFS plugin for Docker'],
    ['vieux/sshfs:1.0', 'sshFS plugin for Docker'],
    ['docker.io/vieux/sshfs', 'sshFS plugin for Docker'],
    [
      'bboreham/weave2@sha256:2780330cc15644b60809637ee8bd68b4c85c893d973cb17f2981aabfadfb6d72',
      'Weave Net plugin for Docker',
    ],
    ['vieux/sshfs2', undefined],
    ['sshfs', undefined],
  ])('lookup(%s)', (remote, description) => {
    expect(registry.lookup(remote)?.description).toBe(description)
  })
})

describe('extra registry directories', () => {
  test('add plugins, read recursively', () => {
    const dir = registryDir({
      'acme/deep/nfs.json': JSON.stringify({
        remote: 'acme/nfs',
        config: { interface: { types: ['docker.volumedriver/1.0'] } },
      }),
    })
    expect(loadRegistry([dir]).lookup('acme/nfs:2')?.interface?.types).toEqual(['docker.volumedriver/1.0'])
  })

  test('override the shipped catalog, and later directories override earlier ones', () => {
    const first = registryDir({
      'sshfs.json': JSON.stringify({ remote: 'vieux/sshfs', config: { description: 'first' } }),
    })
    const second = registryDir({
      'x.json': JSON.stringify({ remote: 'docker.io/vieux/sshfs:9', config: { description: 'second' } }),
    })
    expect(loadRegistry([first]).lookup('vieux/sshfs')?.description).toBe('first')
    const registry = loadRegistry([first, second])
    expect(registry.lookup('vieux/sshfs')?.description).toBe('second')
    expect(registry.entries.get('vieux/sshfs')?.file).toBe(join(second, 'x.json'))
    // Other shipped entries are untouched.
    expect(registry.lookup('bboreham/weave2')?.description).toBe('Weave Net plugin for Docker')
  })

  test.each([
    ['not JSON', '{ "remote": ', /^invalid plugin registry file: /],
    ['no remote', JSON.stringify({ config: {} }), /"remote" must be a non-empty string/],
    ['config not an object', JSON.stringify({ remote: 'a/b', config: [] }), /"config" must be an object/],
    ['not an object', '[]', /"remote" must be a non-empty string/],
  ])('a bad file (%s) is reported, not thrown, and the rest still loads', (_, content, message) => {
    const dir = registryDir({
      'bad.json': content,
      'good.json': JSON.stringify({ remote: 'acme/good', config: { description: 'good' } }),
    })
    const registry = loadRegistry([dir])
    expect(registry.errors).toEqual([
      { file: join(dir, 'bad.json'), message: expect.stringMatching(message) },
    ])
    expect(registry.lookup('acme/good')?.description).toBe('good')
    expect(registry.lookup('vieux/sshfs')).toBeDefined()
  })

  test('a missing directory is reported', () => {
    const missing = join(registryDir({}), 'nope')
    const registry = loadRegistry([missing])
    expect(registry.errors).toEqual([
      { file: missing, message: expect.stringMatching(/^cannot read plugin registry directory/) },
    ])
  })

  test('other files and hidden folders are ignored', () => {
    const dir = registryDir({
      'README.md': '# not a plugin',
      '.git/x.json': '{',
      'p.json': JSON.stringify({ remote: 'acme/p', config: {} }),
    })
    const registry = loadRegistry([dir])
    expect(registry.errors).toEqual([])
    expect(registry.lookup('acme/p')).toEqual({})
  })
})
