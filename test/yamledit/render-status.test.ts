import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { renderStatus } from '../../src/yamledit/render-status.js'

const layout = { column: 0, style: { indent: 2, indentSeq: true }, newline: '\n' } as const

describe('renderStatus: small status, one line per task', () => {
  test('a service: each task one flow mapping, replicas on one line, as the README shows', () => {
    const status = {
      replicas: { desired: 2, running: 1 },
      tasks: [
        {
          id: 'lpxoec0yp0wzx4ro77qqstqmn',
          name: 'web.1',
          slot: 1,
          node: 'node1',
          state: 'running',
          desiredState: 'running',
        },
        {
          id: '4gs9iq0ahgnwprpe9zg8su71h',
          name: 'web.2',
          slot: 2,
          state: 'pending',
          desiredState: 'running',
          message: 'no suitable node (missing plugin on 1 node)',
        },
      ],
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'NoSuitableNode',
          message: 'service web: 1/2 tasks running',
          lastTransitionTime: '2026-11-28T11:17:32Z',
        },
      ],
      observedGeneration: 1,
    }
    expect(renderStatus(status, layout)).toBe(
      [
        'status:',
        '  replicas: {desired: 2, running: 1}',
        '  tasks:',
        '    - {id: lpxoec0yp0wzx4ro77qqstqmn, name: web.1, slot: 1, node: node1, state: running, desiredState: running}',
        // An id that starts with a digit stays plain: no number has that shape.
        '    - {id: 4gs9iq0ahgnwprpe9zg8su71h, name: web.2, slot: 2, state: pending, desiredState: running, message: no suitable node (missing plugin on 1 node)}',
        '  conditions:',
        '    - {type: Ready, status: "False", reason: NoSuitableNode, message: "service web: 1/2 tasks running", lastTransitionTime: "2026-11-28T11:17:32Z"}',
        '  observedGeneration: 1',
        '',
      ].join('\n'),
    )
  })

  test('fields it has never seen render by shape: new task keys, nested maps, lists of lists', () => {
    const status = {
      tasks: [{ id: 'a1b', name: 's.1', image: 'nginx:1.27', template: '5f0c2a1b', error: 'exit 1' }],
      updateStatus: { state: 'completed', startedAt: '2026-12-01T10:00:00Z', message: 'update completed' },
      previousSpec: {
        image: 'nginx:1.25',
        command: ['nginx', '-g', 'daemon off;'],
        mounts: [{ type: 'volume', source: 'data', target: '/data' }],
        resources: { reservations: { cpus: 0.5, memory: '64Mi' } },
      },
      grid: [[1, 2], [3]],
      privileges: [{ name: 'network', value: ['host'] }],
    }
    const text = renderStatus(status, layout)
    expect(text).toContain(
      '  tasks:\n    - {id: a1b, name: s.1, image: nginx:1.27, template: 5f0c2a1b, error: exit 1}\n',
    )
    expect(text).toContain(
      '  updateStatus: {state: completed, startedAt: "2026-12-01T10:00:00Z", message: update completed}\n',
    )
    expect(text).toContain(
      '  previousSpec:\n    image: nginx:1.25\n    command: [nginx, "-g", daemon off;]\n',
    )
    expect(text).toContain('    mounts:\n      - {type: volume, source: data, target: /data}\n')
    expect(text).toContain('    resources: {reservations: {cpus: 0.5, memory: 64Mi}}\n')
    expect(text).toContain('  grid:\n    - [1, 2]\n    - [3]\n')
    expect(text).toContain('  privileges:\n    - {name: network, value: [host]}\n')
    expect(parse(text).status).toEqual(status)
  })

  test.each([
    // Strings YAML 1.1 or 1.2 readers take for something else, and flow indicators.
    ['yes'],
    ['No'],
    ['on'],
    ['null'],
    ['~'],
    ['017'],
    ['1:20'],
    ['1e5'],
    ['0x1f'],
    ['.inf'],
    ['2026-11-28'],
    ['a, b'],
    ['[x]'],
    ['{y}'],
    ['a: b'],
    ['# c'],
    ['x #y'],
    ['- x'],
    ['&a'],
    ['*a'],
    ['!t'],
    ['|'],
    ['>'],
    ['0b101'],
    ['0o17'],
    ['12345678'],
    ['1E5'],
    ['5f0c2a1b'],
    ['64Mi'],
    ['@at'],
    ['`tick'],
    [''],
    [' lead'],
    ['trail '],
    ['two\nlines\n'],
    ['tab\there'],
    ['del\u007f'],
    ['ünï ✓'],
  ])('%j reads back as the same string in flow and block position', (s) => {
    const text = renderStatus({ plain: s, list: [s], map: { k: s }, tasks: [{ m: s }] }, layout)
    expect(parse(text, { version: '1.2' }).status).toEqual({
      plain: s,
      list: [s],
      map: { k: s },
      tasks: [{ m: s }],
    })
    expect(parse(text, { version: '1.1' }).status).toEqual({
      plain: s,
      list: [s],
      map: { k: s },
      tasks: [{ m: s }],
    })
  })

  test('the document’s style: four-space indent, unindented lists, CRLF, a nested column', () => {
    const status = { nodes: [{ node: 'n1', enabled: true }], scope: 'local' }
    expect(renderStatus(status, { column: 2, style: { indent: 4, indentSeq: false }, newline: '\r\n' })).toBe(
      '  status:\r\n      nodes:\r\n      - {node: n1, enabled: true}\r\n      scope: local\r\n',
    )
    expect(renderStatus({}, layout)).toBe('status: {}\n')
  })
})
