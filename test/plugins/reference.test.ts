import { describe, expect, test } from 'vitest'
import {
  normalizePluginName,
  pluginName,
  referenceMatches,
  repositoryOf,
} from '../../src/plugins/reference.js'

const DIGEST = 'sha256:2780330cc15644b60809637ee8bd68b4c85c893d973cb17f2981aabfadfb6d72'

describe('normalizePluginName', () => {
  test.each([
    ['vieux/sshfs', 'vieux/sshfs:latest'],
    ['vieux/sshfs:1.0', 'vieux/sshfs:1.0'],
    ['vieux/sshfs:latest', 'vieux/sshfs:latest'],
    // Docker Hub's implicit domain and the official `library/` namespace are dropped.
    ['docker.io/vieux/sshfs', 'vieux/sshfs:latest'],
    ['index.docker.io/vieux/sshfs:2', 'vieux/sshfs:2'],
    ['docker.io/library/foo', 'foo:latest'],
    ['library/foo', 'foo:latest'],
    ['docker.io/foo', 'foo:latest'],
    // `library/` is only dropped for a single-component official name.
    ['library/a/b', 'library/a/b:latest'],
    // A registry port is not a tag.
    ['localhost:5000/foo', 'localhost:5000/foo:latest'],
    ['localhost:5000/foo:1.2', 'localhost:5000/foo:1.2'],
    ['localhost/foo', 'localhost/foo:latest'],
    ['registry.example.com/team/plugin', 'registry.example.com/team/plugin:latest'],
    [
      'ghcr.io/devplayer0/docker-net-dhcp:release-linux-amd64',
      'ghcr.io/devplayer0/docker-net-dhcp:release-linux-amd64',
    ],
    // A digest pins the image: no `:latest` is added.
    [`bboreham/weave2@${DIGEST}`, `bboreham/weave2@${DIGEST}`],
    [`localhost:5000/foo@${DIGEST}`, `localhost:5000/foo@${DIGEST}`],
    [`bboreham/weave2:v1@${DIGEST}`, `bboreham/weave2:v1@${DIGEST}`],
    // Tags keep their case.
    ['vieux/sshfs:RC1', 'vieux/sshfs:RC1'],
  ])('%s → %s', (ref, expected) => {
    expect(normalizePluginName(ref)).toBe(expected)
  })
})

describe('pluginName', () => {
  test.each([
    [{ remote: 'bboreham/weave2' }, 'bboreham/weave2:latest'],
    [{ remote: 'bboreham/weave2', alias: 'weave' }, 'weave:latest'],
    [{ remote: 'grafana/loki-docker-driver:2.9.2', alias: 'loki' }, 'loki:latest'],
    [{ remote: 'vieux/sshfs', alias: 'sshfs:v1' }, 'sshfs:v1'],
  ])('%j → %s', (spec, expected) => {
    expect(pluginName(spec)).toBe(expected)
  })
})

describe('referenceMatches', () => {
  test.each([
    ['vieux/sshfs', 'vieux/sshfs:latest', true],
    ['vieux/sshfs:latest', 'vieux/sshfs:latest', true],
    ['vieux/sshfs:1.0', 'vieux/sshfs:1.0', true],
    // A tag asks for exactly that tag.
    ['vieux/sshfs:1.0', 'vieux/sshfs:latest', false],
    ['vieux/sshfs', 'vieux/sshfs:1.0', false],
    ['vieux/sshfs:latest', 'vieux/sshfs:1.0', false],
    ['docker.io/vieux/sshfs', 'vieux/sshfs:latest', true],
    ['weave', 'weave:latest', true],
    ['weave', 'bboreham/weave2:latest', false],
    ['localhost:5000/foo', 'localhost:5000/foo:latest', true],
    ['localhost:5000/foo', 'localhost:5001/foo:latest', false],
    ['vieux/sshfs', 'vieux/sshfs2:latest', false],
    ['Vieux/sshfs', 'vieux/sshfs:latest', false],
  ])('%s against installed %s → %s', (requested, installed, expected) => {
    expect(referenceMatches(requested, installed)).toBe(expected)
  })
})

describe('repositoryOf', () => {
  test.each([
    ['vieux/sshfs', 'vieux/sshfs'],
    ['vieux/sshfs:1.0', 'vieux/sshfs'],
    ['docker.io/vieux/sshfs:latest', 'vieux/sshfs'],
    [`bboreham/weave2@${DIGEST}`, 'bboreham/weave2'],
    ['localhost:5000/foo:1', 'localhost:5000/foo'],
    ['docker.io/library/foo', 'foo'],
  ])('%s → %s', (ref, expected) => {
    expect(repositoryOf(ref)).toBe(expected)
  })
})
