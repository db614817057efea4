import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { berth, demoCopy, documents, runningTasks } from './berth-cli.js'

const SAMPLE = fileURLToPath(new URL('../../examples/stack/docker-compose.yml', import.meta.url))
const SAMPLE_SECRET = path.join(path.dirname(SAMPLE), 'db_password.txt')

/**
 * Every file of a directory with its bytes, for "changed no byte" checks: hidden files too
 * (the secrets' `.gitignore`), but not berth's own cache folder `.berth/`.
 */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.relative(dir, path.join(entry.parentPath, entry.name))
    if (file.split(path.sep)[0] === '.berth') continue
    out.set(file, await readFile(path.join(dir, file), 'utf8'))
  }
  return out
}

/**
 * The sample stack deployed into a copy of the demo with the built CLI, as a Swarm user would:
 * deploy, reconcile, change the image, prune a removed service, remove the stack.
 */
describe('berth stack deploy on the demo cluster', () => {
  let dir: string
  let work: string
  let demoBefore: Map<string, string>
  const svc = (name: string) => path.join(dir, 'stacks/demo/services', `${name}.yaml`)
  const secretDir = () => path.join(dir, 'stacks/demo/secrets')
  const ids = async (name: string) => (await runningTasks(svc(name))).tasks.map((t) => t.id).sort()

  beforeAll(async () => {
    dir = await demoCopy()
    work = await mkdtemp(path.join(tmpdir(), 'berth-stack-work-'))
    expect((await berth(['reconcile', '--dir', dir])).code).toBe(0)
    demoBefore = await snapshot(dir)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
    await rm(work, { recursive: true, force: true })
  })

  test('deploy writes the stack and reconciles it: tasks land where the plugin rules say', async () => {
    const result = await berth(['stack', 'deploy', '-c', SAMPLE, '--dir', dir, 'demo'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.split('\n').slice(0, 7)).toEqual([
      'Creating network demo_default',
      'Creating network demo_front',
      'Creating volume demo_data',
      'Creating secret demo_db_password',
      'Creating service demo_web',
      'Creating service demo_db',
      'Creating service demo_agent',
    ])
    expect(result.stderr).toBe('Ignoring unsupported options: restart\n\n')
    // web joins the weave2 network (plugin on node1 and node2): 4 replicas spread 2/2.
    expect((await runningTasks(svc('demo_web'))).perNode).toEqual({ node1: 2, node2: 2 })
    // db mounts a volume of the sample volume plugin, installed on node2 only.
    expect((await runningTasks(svc('demo_db'))).perNode).toEqual({ node2: 1 })
    // agent is global: one task on each node.
    expect((await runningTasks(svc('demo_agent'))).perNode).toEqual({ node1: 1, node2: 1 })
    // The secret's file lies outside the manifest directory: its bytes were copied beside the
    // Secret, readable by the owner only, with a .gitignore; the Secret reads the copy.
    const copy = path.join(secretDir(), 'demo_db_password.secret')
    expect(await readFile(copy, 'utf8')).toBe(await readFile(SAMPLE_SECRET, 'utf8'))
    expect((await stat(copy)).mode & 0o777).toBe(0o600)
    expect(await readFile(path.join(secretDir(), '.gitignore'), 'utf8')).toBe('*.secret\n')
    const [secret] = await documents(path.join(secretDir(), 'demo_db_password.yaml'))
    expect(secret?.spec).toEqual({ file: './demo_db_password.secret' })
    expect((secret?.status?.conditions as unknown[] | undefined)?.[0]).toMatchObject({
      type: 'Ready',
      status: 'True',
    })
    // The content is never printed.
    const content = (await readFile(SAMPLE_SECRET, 'utf8')).trim()
    expect(result.stdout + result.stderr).not.toContain(content)
    // The demo's own resources are untouched outside their status.
    const [service] = await documents(path.join(dir, 'services/myservice.yaml'))
    expect(service?.spec).toEqual(
      (
        await documents(
          path.join(fileURLToPath(new URL('../../manifests', import.meta.url)), 'services/myservice.yaml'),
        )
      )[0]?.spec,
    )
  })

  test('stack ls, services and ps show the stack as Docker does', async () => {
    expect((await berth(['stack', 'ls', '--dir', dir])).stdout).toBe('NAME   SERVICES\ndemo   3\n')
    const services = (await berth(['stack', 'services', 'demo', '--dir', dir])).stdout.split('\n')
    expect(services[0]).toMatch(/^ID\s+NAME\s+MODE\s+REPLICAS\s+IMAGE\s+PORTS$/)
    expect(services.slice(1, 4).map((l) => l.split(/\s{2,}/).slice(1, 5))).toEqual([
      ['demo_agent', 'global', '2/2', 'busybox:1.36'],
      ['demo_db', 'replicated', '1/1', 'postgres:16'],
      ['demo_web', 'replicated', '4/4', 'nginx:1.27'],
    ])
    const ps = (await berth(['stack', 'ps', 'demo', '--dir', dir])).stdout.split('\n').filter(Boolean)
    expect(ps).toHaveLength(1 + 2 + 1 + 4)
    expect(ps.find((l) => l.includes('demo_db.1'))).toMatch(/postgres:16\s+node2\s+Running/)
    const missing = await berth(['stack', 'ps', 'nope', '--dir', dir])
    expect(missing).toMatchObject({ code: 0, stdout: '', stderr: 'Nothing found in stack: nope\n' })
  })

  test('deploying the same files again changes no byte', async () => {
    const before = await snapshot(dir)
    const result = await berth(['stack', 'deploy', '-c', SAMPLE, '--dir', dir, 'demo'])
    expect(result.code).toBe(0)
    expect(result.stdout).not.toMatch(/Creating|Updating/)
    expect(await snapshot(dir)).toEqual(before)
  })

  test("a new image in the compose file updates the service's spec in place and rolls its tasks", async () => {
    const before = await ids('demo_web')
    const dbBefore = await ids('demo_db')
    const result = await berth(['stack', 'deploy', '-c', SAMPLE, '--dir', dir, 'demo'], { WEB_TAG: '1.28' })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Updating service demo_web$/m)
    const [web] = await documents(svc('demo_web'))
    expect(web?.spec.image).toBe('nginx:1.28')
    expect(web?.status?.observedGeneration).toBe(2)
    // Every task was replaced (the deploy waits out the update, as docker stack deploy's
    // service update does); db, unchanged, kept its task.
    const after = await ids('demo_web')
    expect(after).toHaveLength(4)
    expect(after.filter((id) => before.includes(id))).toEqual([])
    expect(await ids('demo_db')).toEqual(dbBefore)
    const ps = (await berth(['service', 'ps', 'demo_web', '--dir', dir])).stdout.split('\n')
    for (let slot = 1; slot <= 4; slot++) {
      expect(ps).toContainEqual(
        expect.stringMatching(new RegExp(`^\\w+\\s+demo_web\\.${slot}\\s+nginx:1\\.28\\s.*Running`)),
      )
      // The old task stays in the history, with the old image.
      expect(ps).toContainEqual(
        expect.stringMatching(new RegExp(`^(\\w+)\\s+\\\\_ demo_web\\.${slot}\\s+nginx:1\\.27\\s.*Shutdown`)),
      )
    }
    const oldIds = ps.filter((l) => l.includes('\\_ demo_web')).map((l) => l.split(/\s+/)[0])
    expect(oldIds.sort()).toEqual(before.map((id) => id.slice(0, 12)).sort())
  })

  test('a changed secret file rewrites its copy and rolls the services that use it', async () => {
    // The compose file elsewhere, its secret beside it with new content.
    const file = path.join(work, 'docker-compose.yml')
    await writeFile(file, await readFile(SAMPLE, 'utf8'))
    await writeFile(path.join(work, 'db_password.txt'), 'rotated-password-2\n')
    const web = await ids('demo_web')
    const db = await ids('demo_db')
    const agent = await ids('demo_agent')
    const result = await berth(['stack', 'deploy', '-c', file, '--dir', dir, 'demo'], { WEB_TAG: '1.28' })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Updating secret demo_db_password$/m)
    expect(result.stdout + result.stderr).not.toContain('rotated-password-2')
    const copy = path.join(secretDir(), 'demo_db_password.secret')
    expect(await readFile(copy, 'utf8')).toBe('rotated-password-2\n')
    expect((await stat(copy)).mode & 0o777).toBe(0o600)
    // The manifest did not change; the content did, so web and db roll, and agent does not.
    const [secret] = await documents(path.join(secretDir(), 'demo_db_password.yaml'))
    expect(secret?.spec).toEqual({ file: './demo_db_password.secret' })
    expect((await ids('demo_web')).filter((id) => web.includes(id))).toEqual([])
    expect((await ids('demo_db')).filter((id) => db.includes(id))).toEqual([])
    expect(await ids('demo_agent')).toEqual(agent)
    // The same bytes again: no byte changes.
    const before = await snapshot(dir)
    const again = await berth(['stack', 'deploy', '-c', file, '--dir', dir, 'demo'], { WEB_TAG: '1.28' })
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).not.toMatch(/Creating|Updating/)
    expect(await snapshot(dir)).toEqual(before)
  })

  test('--prune removes what the files no longer name, and only this stack', async () => {
    const withoutAgent = (await readFile(SAMPLE, 'utf8')).replace(
      /\n {2}agent:\n(?: {4}.*\n| {6}.*\n)+/,
      '\n',
    )
    expect(withoutAgent).not.toMatch(/agent:/)
    // Beside the rotated secret of the test before: the secret stays as it is.
    const file = path.join(work, 'docker-compose.yml')
    await writeFile(file, withoutAgent)
    const [node1Before] = await documents(path.join(dir, 'nodes.yaml'))
    const result = await berth(['stack', 'deploy', '-c', file, '--prune', '--dir', dir, 'demo'], {
      WEB_TAG: '1.28',
    })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.split('\n')[0]).toBe('Removing service demo_agent')
    expect(existsSync(svc('demo_agent'))).toBe(false)
    expect(existsSync(svc('demo_web'))).toBe(true)
    expect(existsSync(path.join(dir, 'services/myservice.yaml'))).toBe(true)
    // node1 lost the agent's task, and nothing else moved.
    const [node1] = await documents(path.join(dir, 'nodes.yaml'))
    expect(node1?.status?.tasks).toBe(Number(node1Before?.status?.tasks) - 1)
  })

  test('stack rm removes every resource of the stack and nothing else', async () => {
    const result = await berth(['stack', 'rm', 'demo', '--dir', dir])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe(
      [
        'Removing service demo_db',
        'Removing service demo_web',
        'Removing secret demo_db_password',
        'Removing network demo_default',
        'Removing network demo_front',
        'Removing volume demo_data',
        '',
      ].join('\n'),
    )
    // Its files, the secret's copy and its .gitignore, and the folders they leave empty are gone.
    expect(existsSync(path.join(dir, 'stacks/demo'))).toBe(false)
    expect((await berth(['stack', 'ls', '--dir', dir])).stdout).toBe('NAME   SERVICES\n')
    // The demo is back where it started, byte for byte.
    const after = await snapshot(dir)
    for (const [file, text] of demoBefore) expect(after.get(file), file).toBe(text)
    const again = await berth(['stack', 'rm', 'demo', '--dir', dir])
    expect(again).toMatchObject({ code: 0, stderr: 'Nothing found in stack: demo\n' })
  })
})

test('-c - reads the compose file from standard input', async () => {
  const dir = await demoCopy()
  try {
    const bin = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url))
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [bin, 'stack', 'deploy', '-c', '-', '--no-reconcile', '--dir', dir, 'piped'],
        { env: { ...process.env, NO_COLOR: '1' } },
        (error, out) => resolve({ code: error ? 1 : 0, stdout: out }),
      )
      child.stdin?.end('services:\n  hello:\n    image: busybox\n    command: echo hi\n')
    })
    expect(code).toBe(0)
    expect(stdout).toBe('Creating network piped_default\nCreating service piped_hello\n')
    const [hello] = await documents(path.join(dir, 'stacks/piped/services/piped_hello.yaml'))
    expect(hello?.spec).toMatchObject({ image: 'busybox', args: ['echo', 'hi'] })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
