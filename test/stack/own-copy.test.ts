import { expect, test } from 'vitest'
import { contentCopyFile, ownCopy } from '../../src/stack/content-copy.js'

const labels = { 'com.docker.stack.namespace': 'shop' }

test('copy paths: secrets and configs each in their folder of the stack', () => {
  expect(contentCopyFile('shop', 'Secret', 'shop_key')).toBe('stacks/shop/secrets/shop_key.secret')
  expect(contentCopyFile('shop', 'Config', 'shop_conf')).toBe('stacks/shop/configs/shop_conf.config')
})

/** Only the copy `stack deploy` made for this very resource is its own: anything else is a person's file. */
test.each([
  [
    'its copy, beside the manifest',
    'Secret',
    'shop_key',
    labels,
    'stacks/shop/secrets/shop_key.yaml',
    './shop_key.secret',
    'stacks/shop/secrets/shop_key.secret',
  ],
  [
    'its copy, from a manifest elsewhere',
    'Secret',
    'shop_key',
    labels,
    'infra/secrets.yaml',
    '../stacks/shop/secrets/shop_key.secret',
    'stacks/shop/secrets/shop_key.secret',
  ],
  [
    'a config copy',
    'Config',
    'shop_conf',
    labels,
    'stacks/shop/configs/shop_conf.yaml',
    './shop_conf.config',
    'stacks/shop/configs/shop_conf.config',
  ],
  [
    "a person's file",
    'Secret',
    'shop_key',
    labels,
    'stacks/shop/secrets/shop_key.yaml',
    '../../../content/key.txt',
    undefined,
  ],
  [
    "another secret's copy",
    'Secret',
    'shop_key',
    labels,
    'stacks/shop/secrets/shop_key.yaml',
    './shop_other.secret',
    undefined,
  ],
  [
    "another stack's folder",
    'Secret',
    'shop_key',
    labels,
    'stacks/shop/secrets/shop_key.yaml',
    '../../web/secrets/shop_key.secret',
    undefined,
  ],
  [
    'no stack label',
    'Secret',
    'shop_key',
    {},
    'stacks/shop/secrets/shop_key.yaml',
    './shop_key.secret',
    undefined,
  ],
  [
    'not a Secret or Config',
    'Network',
    'shop_key',
    labels,
    'stacks/shop/secrets/shop_key.yaml',
    './shop_key.secret',
    undefined,
  ],
] as const)('%s', (_name, kind, name, resourceLabels, file, specFile, expected) => {
  expect(ownCopy({ kind, name, labels: resourceLabels, spec: { file: specFile }, file })).toBe(expected)
})
