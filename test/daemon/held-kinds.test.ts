import { describe, expect, test } from 'vitest'
import { kindsIn, mayStopTasks } from '../../src/daemon/held-kinds.js'

const service = 'apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  image: nginx\n'
const node = 'apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: node2\n'

describe('what a file that does not load may define', () => {
  test.each([
    ['a service cut inside its spec', `${service}  replicas: [`, ['Service']],
    ['a quoted kind, a comment after it', 'kind: "Secret"   # the password\nspec: {file: [', ['Secret']],
    [
      'documents after comments and a directive',
      `# services\n%YAML 1.2\n---\n${service}---\n${service}`,
      ['Service', 'Service'],
    ],
    ['an empty document (a trailing ---)', `${service}---\n`, ['Service']],
    ['a node file cut inside a spec', `${node}spec: {role: [`, ['Node']],
    ['CRLF line breaks', service.replaceAll('\n', '\r\n'), ['Service']],
  ])('%s', (_, text, kinds) => {
    expect(kindsIn(text)).toEqual(kinds)
  })

  test.each([
    ['cut before its kind', 'apiVersion: berth.dev/v1\nki'],
    ['a later document cut before its kind', `${service}---\napiVersion: berth.dev/v1\n`],
    ['a flow mapping', '{apiVersion: berth.dev/v1, kind: Service, metadata: {name: web}'],
    ['two kinds in one document', `${service}kind: Node\n`],
    ['an indented kind only', 'spec:\n  kind: Service\n'],
  ])('%s: unknown', (_, text) => {
    expect(kindsIn(text)).toBeUndefined()
    expect(mayStopTasks(text)).toBe(true)
  })

  test('only a Node, a Plugin or what cannot be read may stop a running task while it does not load', () => {
    expect(mayStopTasks(`${service}  replicas: [`)).toBe(false)
    for (const kind of ['Secret', 'Config', 'Network', 'Volume'])
      expect(mayStopTasks(`kind: ${kind}\nspec: [`)).toBe(false)
    expect(mayStopTasks(`${node}spec: [`)).toBe(true)
    expect(mayStopTasks('kind: Plugin\nspec: [')).toBe(true)
    expect(mayStopTasks(`${service}---\n${node}spec: [`)).toBe(true)
    // A kind cut short is not a kind berth knows.
    expect(mayStopTasks('kind: Serv')).toBe(true)
    // No text: refused before it was read (binary, too large).
    expect(mayStopTasks(undefined)).toBe(true)
  })
})
