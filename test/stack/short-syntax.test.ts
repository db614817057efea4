// biome-ignore-all lint/suspicious/noTemplateCurlyInString: .env values hold ${VAR} literally
import { describe, expect, test } from 'vitest'
import { parseShortPort } from '../../src/stack/compose-ports.js'
import { parseShortVolume } from '../../src/stack/compose-volumes.js'
import { parseDotEnv } from '../../src/stack/dotenv.js'
import { composeCpus, composeMemory } from '../../src/stack/quantities.js'
import { shellWords } from '../../src/stack/shell-words.js'

describe('short port syntax', () => {
  test.each([
    [80, [{ target: 80 }]],
    ['80', [{ target: 80 }]],
    ['8080:80', [{ target: 80, published: 8080 }]],
    ['8080:80/udp', [{ target: 80, published: 8080, protocol: 'udp' }]],
    ['127.0.0.1:8080:80', [{ target: 80, published: 8080 }]], // swarm publishes on every node
    [
      '9000-9001:9000-9001',
      [
        { target: 9000, published: 9000 },
        { target: 9001, published: 9001 },
      ],
    ],
    ['3000-3001', [{ target: 3000 }, { target: 3001 }]],
    [
      '8080:80-81',
      [
        { target: 80, published: 8080 },
        { target: 81, published: 8080 },
      ],
    ],
  ])('%s', (spec, ports) => {
    expect(parseShortPort(spec)).toEqual(ports)
  })

  test.each(['http', '80:http', '0:80', '70000', '8080:80/tcp/x', '9000-9002:80-81', '1:2:3:4'])(
    '%s is refused',
    (spec) => {
      expect(typeof parseShortPort(spec)).toBe('string')
    },
  )
})

describe('short volume syntax', () => {
  test.each([
    ['/scratch', { type: 'volume', target: '/scratch' }],
    ['data:/var/lib/db', { type: 'volume', source: 'data', target: '/var/lib/db' }],
    ['data:/db:ro', { type: 'volume', source: 'data', target: '/db', read_only: true }],
    ['data:/db:rw,nocopy', { type: 'volume', source: 'data', target: '/db' }],
    ['./site:/usr/share/nginx/html', { type: 'bind', source: './site', target: '/usr/share/nginx/html' }],
    ['/srv:/srv:ro,z', { type: 'bind', source: '/srv', target: '/srv', read_only: true }],
    ['~/conf:/conf', { type: 'bind', source: '~/conf', target: '/conf' }],
  ])('%s', (spec, mount) => {
    expect(parseShortVolume(spec)).toEqual(mount)
  })

  test.each(['a:b:c:d', ':/x', 'a::ro'])('%s is refused', (spec) => {
    expect(typeof parseShortVolume(spec)).toBe('string')
  })
})

describe('.env files', () => {
  test('Compose’s forms: export, quotes, comments, bare keys', () => {
    const text = [
      '# comment',
      '',
      'A=1',
      'export B=two words',
      "C='single $NOT ${EXPANDED}'",
      'D="line\\nbreak"',
      'E=value # trailing comment',
      'F=',
      'BARE',
      'G = spaced',
    ].join('\n')
    const parsed = parseDotEnv(text)
    expect('vars' in parsed && Object.fromEntries(parsed.vars)).toEqual({
      A: '1',
      B: 'two words',
      C: 'single $NOT ${EXPANDED}',
      D: 'line\nbreak',
      E: 'value',
      F: '',
      G: 'spaced',
    })
  })

  test('a line that is not a variable is named by its number', () => {
    expect(parseDotEnv('A=1\n\n= oops\n')).toEqual({ line: 3, error: 'expected KEY=VALUE, got "= oops"' })
    expect(parseDotEnv('A="open\n')).toEqual({ line: 1, error: 'unterminated quoted value for A' })
  })
})

describe('command strings become words as a shell splits them', () => {
  test.each([
    ['top', ['top']],
    ['npm  start', ['npm', 'start']],
    ['sh -c "echo $HOME && ls"', ['sh', '-c', 'echo $HOME && ls']],
    ["echo 'it''s'", ['echo', 'its']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo ""', ['echo', '']],
  ])('%s', (text, words) => {
    expect(shellWords(text)).toEqual(words)
  })

  test('an unclosed quote is refused', () => {
    expect(shellWords('echo "open')).toBeUndefined()
  })
})

describe("Docker's sizes become Berth quantities", () => {
  test.each([
    ['64M', '64Mi'],
    ['64m', '64Mi'],
    ['64mb', '64Mi'],
    ['1.5G', '1.5Gi'],
    ['512k', '512Ki'],
    ['1024', 1024],
    ['100b', 100],
    [2048, 2048],
  ])('memory %s → %s', (given, quantity) => {
    expect(composeMemory(given)).toBe(quantity)
  })
  test.each(['lots', '-5M', '5 MiB'])('memory %s is refused', (given) => {
    expect(composeMemory(given)).toBeUndefined()
  })
  test.each([
    ['0.5', 0.5],
    [2, 2],
  ])('cpus %s → %s', (given, cpus) => {
    expect(composeCpus(given)).toBe(cpus)
  })
  test('cpus that are not a number are refused', () => {
    expect(composeCpus('half')).toBeUndefined()
  })
})
