import { describe, expect, test } from 'vitest'
import { loadFile } from '../../src/load/load-file.js'
import { specDigest } from '../../src/load/spec-digest.js'
import { CRD_SPEC_DEFAULTS } from '../../src/model/crd-defaults.js'
import { KINDS } from '../../src/model/kinds.js'
import { compileDefaults, defaultsOnly } from '../../src/model/schema-defaults.js'
import { getIn } from '../../src/validate/access.js'
import { defaultCrdDir, loadCrdSchemas } from '../../src/validate/crd-files.js'
import { createValidator } from '../../src/validate/validator.js'

describe('the spec defaults come from the CRDs', () => {
  test.each(KINDS)('%s: the generated module holds what the CRD declares', (kind) => {
    const schema = loadCrdSchemas(defaultCrdDir()).get(kind)
    // On failure: npm run build && node dist/src/validate/write-spec-defaults.js
    expect(CRD_SPEC_DEFAULTS[kind]).toEqual(defaultsOnly(getIn(schema, ['properties', 'spec'])) ?? {})
  })
})

describe('compileDefaults', () => {
  const withDefaults = compileDefaults({
    properties: {
      mode: { default: 'replicated' },
      update: { default: {}, properties: { order: { default: 'stop-first' }, delay: { default: '0s' } } },
      ports: { items: { properties: { protocol: { default: 'tcp' } } } },
      labels: { properties: { tier: { default: 'web' } } },
    },
  })

  test('fills absent fields, inside a defaulted object too, and keeps what is given', () => {
    const written = {
      mode: 'global',
      update: { delay: '5s' },
      ports: [{ target: 80 }, { target: 53, protocol: 'udp' }],
    }
    expect(withDefaults(written)).toEqual({
      mode: 'global',
      update: { order: 'stop-first', delay: '5s' },
      ports: [
        { target: 80, protocol: 'tcp' },
        { target: 53, protocol: 'udp' },
      ],
    })
    expect(withDefaults({})).toEqual({
      mode: 'replicated',
      update: { order: 'stop-first', delay: '0s' },
    })
  })

  test('never changes its input and shares what no default reaches', () => {
    const env = ['A=1']
    const written = { env, update: {} }
    const read = withDefaults(written) as typeof written
    expect(written).toEqual({ env: ['A=1'], update: {} })
    expect(read.env).toBe(env)
  })
})

describe('a loaded document', () => {
  const validator = createValidator()
  const text =
    'apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  image: nginx\n  ports:\n    - target: 80\n      published: 8080\n'
  const [service] = loadFile('web.yaml', text, validator).resources

  test('reads with the CRD defaults, keeps the spec as written beside them', () => {
    if (service?.kind !== 'Service') throw new Error('expected a service')
    expect(service.spec).toMatchObject({
      mode: 'replicated',
      replicas: 1,
      ports: [{ target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' }],
      updateConfig: {
        parallelism: 1,
        delay: '0s',
        order: 'stop-first',
        failureAction: 'pause',
        maxFailureRatio: 0,
      },
      rollbackConfig: { parallelism: 1, failureAction: 'pause' },
    })
    expect(service.writtenSpec).toEqual({ image: 'nginx', ports: [{ target: 80, published: 8080 }] })
  })

  test('its digest is the written spec’s, so a default added to a CRD bumps no generation', () => {
    expect(service?.specDigest).toBe(specDigest({ image: 'nginx', ports: [{ target: 80, published: 8080 }] }))
  })
})
