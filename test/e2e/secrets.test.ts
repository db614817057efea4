import { randomBytes } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import type { CliResult } from './berth-cli.js'
import { berth, demoCopy, documents } from './berth-cli.js'
import { cleanUpAfterEach, startWatch, waitFor } from './daemon.js'

/** Content no output could contain by chance; each one also checked as hex and base64. */
const canary = (n: number) => `canary-${n}-${randomBytes(12).toString('hex')}`
const encodings = (text: string) => [
  text,
  Buffer.from(text).toString('base64'),
  Buffer.from(text).toString('hex'),
]

/** Every file under `dir` except the given content files, hidden ones (berth's cache) included. */
async function everyFileBut(dir: string, except: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    if (!except.includes(file)) out.set(path.relative(dir, file), await readFile(file, 'latin1'))
  }
  return out
}

const APP = `apiVersion: berth.dev/v1
kind: Secret
metadata: {name: db-password}
spec: {file: ./db-password.txt}
---
apiVersion: berth.dev/v1
kind: Secret
metadata: {name: too-big}
spec: {file: ./too-big.txt}
---
apiVersion: berth.dev/v1
kind: Config
metadata: {name: app-conf}
spec: {file: ./app.conf}
---
apiVersion: berth.dev/v1
kind: Secret
metadata: {name: token}
spec: {file: ./token.yaml}
---
apiVersion: berth.dev/v1
kind: Service
metadata: {name: db}
spec:
  image: postgres:16
  replicas: 2
  secrets: [{source: db-password, target: db, uid: "0", gid: "0", mode: 0400}]
---
apiVersion: berth.dev/v1
kind: Service
metadata: {name: broken}
spec:
  image: app
  secrets: [too-big, token]
  configs: [app-conf]
`

describe('no secret content in anything berth prints or writes', () => {
  const cleanUp = cleanUpAfterEach()

  test('every command, a rotation through reconcile and one through the daemon: the bytes appear nowhere', async () => {
    const dir = cleanUp.dir(await demoCopy())
    const secrets = [canary(1), canary(2), canary(3)]
    const conf = canary(4)
    // A content file named like a manifest, whose keys would make a manifest error quote it.
    const token = canary(5)
    const tokenFile = path.join(dir, 'services', 'token.yaml')
    await writeFile(tokenFile, `kind: ${token}\napiVersion: ${token}\n`)
    const file = path.join(dir, 'services', 'db-password.txt')
    const big = path.join(dir, 'services', 'too-big.txt')
    const confFile = path.join(dir, 'services', 'app.conf')
    const manifest = path.join(dir, 'services', 'app.yaml')
    await writeFile(file, `${secrets[0]}\n`)
    // Too large to use: berth refuses it, and its refusal must not quote it either.
    await writeFile(big, `${conf}\n`.repeat(20_000))
    await writeFile(confFile, `${conf}\n`)
    await writeFile(manifest, APP)

    const printed: CliResult[] = []
    const run = async (...args: string[]) => {
      const result = await berth([...args, '--dir', dir])
      printed.push(result)
      return result
    }
    const digestOf = async () =>
      (await documents(manifest)).find((d) => d.metadata.name === 'db-password')?.status?.digest

    expect((await run('validate')).code).toBe(0)
    expect((await run('plan')).code).toBe(0)
    expect((await run('reconcile')).code).toBe(0)
    const first = await digestOf()
    expect(first).toMatch(/^sha256:[0-9a-f]{64}$/)
    for (const kind of ['secrets', 'configs', 'services'])
      for (const output of [[], ['-o', 'yaml'], ['-o', 'json'], ['-o', 'wide']])
        await run('get', kind, ...output)
    await run('describe', 'secret', 'db-password')
    await run('describe', 'secret', 'too-big')
    await run('describe', 'config', 'app-conf')
    await run('describe', 'service', 'db')
    await run('describe', 'service', 'broken')
    await run('service', 'ls')
    await run('service', 'ps', 'db', '--no-trunc')
    await run('service', 'ps', 'broken', '--no-trunc')

    // Rotation through a one-shot reconcile: plan shows the diff of the status, not the content.
    await writeFile(file, `${secrets[1]}\n`)
    expect((await run('plan', '--exit-code')).code).toBe(1)
    expect((await run('reconcile')).code).toBe(0)
    const second = await digestOf()
    expect(second).not.toBe(first)

    // Rotation through the daemon, which watches the content file too.
    const daemon = cleanUp.daemon(startWatch(dir))
    await waitFor(() => daemon.log().includes('watching '), 15_000, 'the first round')
    await writeFile(file, `${secrets[2]}\n`)
    await writeFile(tokenFile, `kind: ${token}\nmetadata: ${token}\n`)
    await waitFor(async () => (await digestOf()) !== second, 15_000, 'the new digest')
    expect(daemon.log()).toContain('secret db-password: new content (sha256:')
    expect(await daemon.stop('SIGTERM')).toBe(0)

    const outputs = [...printed.flatMap((r) => [r.stdout, r.stderr]), daemon.log()].join('\n')
    expect(outputs).toContain('too-big.txt is')
    const files = await everyFileBut(dir, [file, big, confFile, tokenFile])
    expect(files.size).toBeGreaterThan(5)
    for (const text of [...secrets, conf, token]) {
      for (const form of encodings(text)) {
        expect(outputs.includes(form), `printed: ${form}`).toBe(false)
        for (const [name, content] of files)
          expect(content.includes(form), `${name} holds ${form}`).toBe(false)
      }
    }
    // Some thirty processes, each a node start: give a loaded machine room.
  }, 180_000)
})
