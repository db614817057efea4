import { describe, expect, test } from 'vitest'
import { loadFile } from '../../src/load/load-file.js'
import { formatDuration, parseDuration } from '../../src/model/duration.js'
import { createValidator } from '../../src/validate/validator.js'

const validator = createValidator()

/** A service manifest with `lines` added to its spec. */
const manifest = (...lines: string[]) =>
  [
    'apiVersion: berth.dev/v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    'spec:',
    '  image: nginx',
    ...lines,
    '',
  ].join('\n')
const diagnose = (text: string) => loadFile('web.yaml', text, validator).diagnostics

describe('updateConfig, rollbackConfig and forceUpdate in the schema', () => {
  test('a full config validates', () => {
    const text = manifest(
      '  forceUpdate: 3',
      '  updateConfig: {parallelism: 2, delay: 1m30s, order: start-first, failureAction: rollback, maxFailureRatio: 0.2, monitor: 500ms}',
      '  rollbackConfig: {parallelism: 0, delay: 0s, order: stop-first, failureAction: continue}',
    )
    expect(diagnose(text)).toEqual([])
  })

  test.each([
    ['a delay that is not a duration', '  updateConfig: {delay: 3 seconds}', 7, 'updateConfig.delay'],
    ['an unknown order', '  updateConfig: {order: first}', 7, 'updateConfig.order'],
    [
      'rollback as the rollback failure action',
      '  rollbackConfig: {failureAction: rollback}',
      7,
      'failureAction',
    ],
    ['a ratio above 1', '  updateConfig: {maxFailureRatio: 2}', 7, 'maxFailureRatio'],
    ['a negative forceUpdate', '  forceUpdate: -1', 7, 'forceUpdate'],
    ['an unknown field', '  updateConfig: {paralellism: 2}', 7, 'paralellism'],
  ])('%s is an error at its line', (_what, line, row, mentions) => {
    const [first, ...rest] = diagnose(manifest(line))
    expect(rest).toEqual([])
    expect(first).toMatchObject({ file: 'web.yaml', line: row })
    expect(first?.message).toContain(mentions)
  })
})

describe('durations', () => {
  test.each([
    ['0s', 0],
    ['0', 0],
    ['3s', 3000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })
  test.each(['', '3', 's', '1x', '-1s', '3 s'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
  test('formatDuration writes the shortest form back', () => {
    expect([0, 500, 3000, 90_000, 3_723_000].map(formatDuration)).toEqual([
      '0s',
      '500ms',
      '3s',
      '1m30s',
      '1h2m3s',
    ])
  })
})
