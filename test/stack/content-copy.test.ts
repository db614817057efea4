import { existsSync } from 'node:fs'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { type StackDir, stackDir } from './stack-harness.js'

let dir: StackDir | undefined
afterEach(async () => {
  await dir?.remove()
  dir = undefined
})

const compose = (secretFile: string, configFile: string) =>
  [
    'services:',
    '  api:',
    '    image: nginx',
    '    secrets: [key]',
    '    configs: [conf]',
    'secrets:',
    '  key:',
    `    file: ${secretFile}`,
    'configs:',
    '  conf:',
    `    file: ${configFile}`,
    '',
  ].join('\n')

async function deploy(d: StackDir, ...extra: string[]) {
  return d.berth(['stack', 'deploy', '-c', 'docker-compose.yml', '--no-reconcile', ...extra, 'shop'])
}

const spec = async (d: StackDir, file: string) =>
  (await readFile(path.join(d.manifests, file), 'utf8')).match(/^ {2}file: (.*)$/m)?.[1]

test('content outside the manifest directory is copied byte for byte: secrets 0600 with a .gitignore, configs 0644', async () => {
  dir = await stackDir({ demo: false })
  const d = dir
  // Not UTF-8: the copy must hold the same bytes, not a re-encoding.
  const key = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a])
  await writeFile(path.join(d.work, 'key.bin'), key)
  await d.write('app.conf', 'listen 80\n')
  await d.write('docker-compose.yml', compose('./key.bin', './app.conf'))
  const result = await deploy(d)
  expect(result.code, result.err).toBe(0)
  const secrets = path.join(d.manifests, 'stacks/shop/secrets')
  const configs = path.join(d.manifests, 'stacks/shop/configs')
  expect(await readFile(path.join(secrets, 'shop_key.secret'))).toEqual(key)
  expect((await stat(path.join(secrets, 'shop_key.secret'))).mode & 0o777).toBe(0o600)
  expect(await readFile(path.join(secrets, '.gitignore'), 'utf8')).toBe('*.secret\n')
  expect(await readFile(path.join(configs, 'shop_conf.config'), 'utf8')).toBe('listen 80\n')
  expect((await stat(path.join(configs, 'shop_conf.config'))).mode & 0o777).toBe(0o644)
  // Configs are not secret: no .gitignore beside them.
  expect(existsSync(path.join(configs, '.gitignore'))).toBe(false)
  expect(await spec(d, 'stacks/shop/secrets/shop_key.yaml')).toBe('./shop_key.secret')
  expect(await spec(d, 'stacks/shop/configs/shop_conf.yaml')).toBe('./shop_conf.config')
  // The tree is valid: the hidden .gitignore and the copies are not read as manifests.
  const validate = await d.berth(['validate'])
  expect(validate.code, validate.err).toBe(0)

  // New content in the config: its copy is rewritten, the manifest is not.
  const manifest = await readFile(path.join(configs, 'shop_conf.yaml'), 'utf8')
  await d.write('app.conf', 'listen 8080\n')
  const again = await deploy(d)
  expect(again.out).toBe('Updating config shop_conf\nService shop_api unchanged\n')
  expect(await readFile(path.join(configs, 'shop_conf.config'), 'utf8')).toBe('listen 8080\n')
  expect(await readFile(path.join(configs, 'shop_conf.yaml'), 'utf8')).toBe(manifest)

  // stack rm takes the copies, the .gitignore and the folders with the manifests.
  const rm = await d.berth(['stack', 'rm', '--no-reconcile', 'shop'])
  expect(rm.code, rm.err).toBe(0)
  expect(rm.out).toBe(
    'Removing service shop_api\nRemoving secret shop_key\nRemoving config shop_conf\nRemoving network shop_default\n',
  )
  expect(existsSync(path.join(d.manifests, 'stacks'))).toBe(true)
  expect(existsSync(path.join(d.manifests, 'stacks/shop'))).toBe(false)
})

test('content inside the manifest directory is referenced in place; moving it in or out adds or removes the copy', async () => {
  dir = await stackDir({ demo: false })
  const d = dir
  await mkdir(path.join(d.manifests, 'content'))
  await writeFile(path.join(d.manifests, 'content/key.txt'), 'k1\n')
  await d.write('key.txt', 'k2\n')
  await d.write('app.conf', 'c\n')
  await d.write('docker-compose.yml', compose('../manifests/content/key.txt', './app.conf'))
  expect((await deploy(d)).code).toBe(0)
  const secrets = path.join(d.manifests, 'stacks/shop/secrets')
  expect(await spec(d, 'stacks/shop/secrets/shop_key.yaml')).toBe('../../../content/key.txt')
  expect(existsSync(path.join(secrets, 'shop_key.secret'))).toBe(false)
  expect(existsSync(path.join(secrets, '.gitignore'))).toBe(false)

  // The file now lies outside: copied, and the Secret reads the copy.
  await d.write('docker-compose.yml', compose('./key.txt', './app.conf'))
  const out = await deploy(d)
  expect(out.out).toMatch(/^Updating secret shop_key$/m)
  expect(await spec(d, 'stacks/shop/secrets/shop_key.yaml')).toBe('./shop_key.secret')
  expect(await readFile(path.join(secrets, 'shop_key.secret'), 'utf8')).toBe('k2\n')

  // Back inside: the copy nothing reads any more goes, with berth's .gitignore.
  await d.write('docker-compose.yml', compose('../manifests/content/key.txt', './app.conf'))
  expect((await deploy(d)).code).toBe(0)
  expect(await spec(d, 'stacks/shop/secrets/shop_key.yaml')).toBe('../../../content/key.txt')
  expect(existsSync(path.join(secrets, 'shop_key.secret'))).toBe(false)
  expect(existsSync(path.join(secrets, '.gitignore'))).toBe(false)
  expect(existsSync(path.join(secrets, 'shop_key.yaml'))).toBe(true)
  // The person's own content file is never removed, not even by stack rm.
  expect((await d.berth(['stack', 'rm', '--no-reconcile', 'shop'])).code).toBe(0)
  expect(await readFile(path.join(d.manifests, 'content/key.txt'), 'utf8')).toBe('k1\n')
})

test("--prune removes a dropped secret's copy; a person's .gitignore is kept, with a warning when it lets copies through", async () => {
  dir = await stackDir({ demo: false })
  const d = dir
  const secrets = path.join(d.manifests, 'stacks/shop/secrets')
  await mkdir(secrets, { recursive: true })
  await writeFile(path.join(secrets, '.gitignore'), '*.tmp\n')
  await d.write('key.txt', 'k\n')
  await d.write('app.conf', 'c\n')
  await d.write('docker-compose.yml', compose('./key.txt', './app.conf'))
  const first = await deploy(d)
  expect(first.code, first.err).toBe(0)
  expect(first.err).toContain('.gitignore does not ignore *.secret')
  expect(await readFile(path.join(secrets, '.gitignore'), 'utf8')).toBe('*.tmp\n')
  expect(existsSync(path.join(secrets, 'shop_key.secret'))).toBe(true)

  await d.write('docker-compose.yml', 'services:\n  api:\n    image: nginx\n')
  const pruned = await deploy(d, '--prune')
  expect(pruned.code, pruned.err).toBe(0)
  expect(pruned.out).toMatch(/^Removing secret shop_key$/m)
  expect(existsSync(path.join(secrets, 'shop_key.secret'))).toBe(false)
  // Not berth's .gitignore: it stays, and so does its folder.
  expect(await readFile(path.join(secrets, '.gitignore'), 'utf8')).toBe('*.tmp\n')
})
