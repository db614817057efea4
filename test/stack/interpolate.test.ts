// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose's ${VAR} syntax is the subject
import { describe, expect, test } from 'vitest'
import { castInterpolated } from '../../src/stack/cast-paths.js'
import { type InterpolationError, interpolateTree, substitute } from '../../src/stack/interpolate.js'

const vars: Record<string, string> = { SET: 'value', EMPTY: '', TAG: '1.2' }
const lookup = (name: string) => vars[name]

describe('substitute: Compose interpolation', () => {
  test.each([
    ['plain text', 'plain text'],
    ['$SET and ${SET}', 'value and value'],
    ['${UNSET}', ''],
    ['${UNSET:-default}', 'default'],
    ['${EMPTY:-default}', 'default'], // :- also covers empty
    ['${EMPTY-default}', ''], // - covers unset only
    ['${UNSET-default}', 'default'],
    ['${SET:-default}', 'value'],
    ['${UNSET:-${TAG}-nested}', '1.2-nested'], // a default may hold variables
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['$$SET is literal', '$SET is literal'],
    ['cost: $$5', 'cost: $5'],
    ['${SET:?must be set}', 'value'],
    ['${EMPTY?only unset fails}', ''],
    ['$SET_suffix', ''], // the name runs as far as name characters go
    ['${SET}_suffix', 'value_suffix'],
  ])('%s → %s', (text, expected) => {
    expect(substitute(text, lookup)).toEqual({ value: expected })
  })

  test.each([
    ['${UNSET:?set it}', 'required variable UNSET is missing a value: set it'],
    ['${EMPTY:?}', 'required variable EMPTY is missing a value'],
    ['${UNSET?}', 'required variable UNSET is missing a value'],
    ['${', 'invalid interpolation format "${"; you may need to escape any $ with another $'],
    ['${SET', 'invalid interpolation format "${SET"; you may need to escape any $ with another $'],
    ['${}', 'invalid interpolation format "${}"; you may need to escape any $ with another $'],
    ['${SET!x}', 'invalid interpolation format "${SET!x}"; you may need to escape any $ with another $'],
    ['price $5', 'invalid interpolation format "price $5"; you may need to escape any $ with another $'],
    ['trailing $', 'invalid interpolation format "trailing $"; you may need to escape any $ with another $'],
  ])('%s is refused: %s', (text, error) => {
    expect(substitute(text, lookup)).toEqual({ error })
  })
})

describe('interpolateTree', () => {
  test('values are substituted, keys are not, and typed places get their type', () => {
    const errors: InterpolationError[] = []
    const data = {
      services: {
        web: {
          image: 'nginx:${TAG}',
          '${SET}': 'key left alone',
          deploy: { replicas: '${N:-3}', update_config: { max_failure_ratio: '${R:-0.5}' } },
          ports: [{ target: '${P:-80}' }],
          read_only: '${B:-true}',
          environment: { N: '${N:-3}' },
        },
      },
    }
    const out = interpolateTree(data, lookup, castInterpolated, errors)
    expect(errors).toEqual([])
    expect(out).toEqual({
      services: {
        web: {
          image: 'nginx:1.2',
          '${SET}': 'key left alone',
          deploy: { replicas: 3, update_config: { max_failure_ratio: 0.5 } },
          ports: [{ target: 80 }],
          read_only: true,
          // environment values stay text
          environment: { N: '3' },
        },
      },
    })
  })

  test('a value that does not read as its type stays text, for the schema to refuse', () => {
    const out = interpolateTree(
      { services: { a: { deploy: { replicas: '${X:-many}' } } } },
      lookup,
      castInterpolated,
      [],
    )
    expect(out).toEqual({ services: { a: { deploy: { replicas: 'many' } } } })
  })

  test('errors name the path', () => {
    const errors: InterpolationError[] = []
    interpolateTree(
      { services: { a: { command: ['ok', '${X:?needed}'] } } },
      lookup,
      castInterpolated,
      errors,
    )
    expect(errors).toEqual([
      {
        path: ['services', 'a', 'command', 1],
        message: 'services.a.command[1]: required variable X is missing a value: needed',
      },
    ])
  })
})
