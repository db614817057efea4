import { expect, test } from 'vitest'
import { mergeCompose } from '../../src/stack/merge.js'

test('mappings merge key by key and a later scalar wins', () => {
  const merged = mergeCompose([
    {
      services: {
        web: { image: 'a', environment: { A: '1', B: '1' }, deploy: { replicas: 1, labels: { x: '1' } } },
      },
    },
    { services: { web: { image: 'b', environment: { B: '2' }, deploy: { labels: { y: '2' } } } } },
  ])
  expect(merged).toEqual({
    services: {
      web: {
        image: 'b',
        environment: { A: '1', B: '2' },
        deploy: { replicas: 1, labels: { x: '1', y: '2' } },
      },
    },
  })
})

test('keyed lists merge by key, in first-seen order; commands are replaced; other lists join', () => {
  const merged = mergeCompose([
    {
      services: {
        web: {
          command: ['a', 'b'],
          ports: [
            { target: 80, published: 80 },
            { target: 443, published: 443 },
          ],
          volumes: [{ type: 'volume', source: 'x', target: '/data' }],
          secrets: [{ source: 's' }],
          deploy: { placement: { constraints: ['node.role == worker'] } },
        },
      },
    },
    {
      services: {
        web: {
          command: ['c'],
          ports: [
            { target: 80, published: 80, mode: 'host' },
            { target: 80, published: 8080 },
          ],
          volumes: [{ type: 'volume', source: 'y', target: '/data' }],
          secrets: [{ source: 's', target: 'other' }, { source: 't' }],
          deploy: { placement: { constraints: ['node.role == worker', 'node.labels.a == b'] } },
        },
      },
    },
  ])
  expect(merged).toEqual({
    services: {
      web: {
        command: ['c'],
        ports: [
          { target: 80, published: 80, mode: 'host' },
          { target: 443, published: 443 },
          { target: 80, published: 8080 },
        ],
        volumes: [{ type: 'volume', source: 'y', target: '/data' }],
        secrets: [{ source: 's', target: 'other' }, { source: 't' }],
        deploy: { placement: { constraints: ['node.role == worker', 'node.labels.a == b'] } },
      },
    },
  })
})

test('logging with another driver replaces the block; the same driver merges options', () => {
  const base = { services: { a: { logging: { driver: 'json-file', options: { 'max-size': '10m' } } } } }
  expect(mergeCompose([base, { services: { a: { logging: { driver: 'syslog' } } } }])).toEqual({
    services: { a: { logging: { driver: 'syslog' } } },
  })
  expect(mergeCompose([base, { services: { a: { logging: { options: { 'max-file': '3' } } } } }])).toEqual({
    services: { a: { logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } } } },
  })
})

test('top-level entries merge deeply; new entries and services are added', () => {
  expect(
    mergeCompose([
      { networks: { n: { driver: 'overlay', driver_opts: { a: '1' } } }, services: { a: { image: 'x' } } },
      { networks: { n: { driver_opts: { b: '2' } }, m: {} }, services: { b: { image: 'y' } } },
    ]),
  ).toEqual({
    networks: { n: { driver: 'overlay', driver_opts: { a: '1', b: '2' } }, m: {} },
    services: { a: { image: 'x' }, b: { image: 'y' } },
  })
})
