import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startDaemon } from '../../src/daemon/daemon.js'
import type { ReconcileEvent } from '../../src/daemon/observer.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import { createValidator } from '../../src/validate/validator.js'
import { fixedClock } from '../support/cluster.js'

/**
 * The real daemon over `root`, in this process, with every log line collected in `lines`
 * and the keys it reconciled in `reconciled`.
 */
export async function daemonOn(root: string) {
  const reconciled: string[] = []
  const lines: string[] = []
  const log = {
    info: (m: string) => void lines.push(m),
    warn: (m: string) => void lines.push(m),
    error: (m: string) => void lines.push(m),
  }
  const options = {
    dir: root,
    validator: createValidator(),
    registry: loadRegistry(),
    clock: fixedClock,
    log,
    observer: { reconciled: (event: ReconcileEvent) => void reconciled.push(event.key) },
  }
  return { d: await startDaemon(options), lines, reconciled }
}

export const nodeYaml = (name: string, spec = '') =>
  `apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: ${name}\n${spec}`
export const serviceYaml = (name: string, replicas: number) =>
  `apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  image: nginx\n  replicas: ${replicas}\n`

/** `web`'s running tasks in `file` as `web.N@node`, sorted. */
export const webTasksIn = async (file: string) =>
  [...(await readFile(file, 'utf8')).matchAll(/name: (web\.\d), slot: \d, node: (\w+), state: running/g)]
    .map((m) => `${m[1]}@${m[2]}`)
    .sort()

/** Two nodes, `web` of 2 replicas and `db` of 1, written into `root`. */
export async function twoNodesWebDb(root: string) {
  await writeFile(path.join(root, 'nodes.yaml'), `${nodeYaml('n1')}---\n${nodeYaml('n2')}`)
  await writeFile(path.join(root, 'web.yaml'), serviceYaml('web', 2))
  await writeFile(path.join(root, 'db.yaml'), serviceYaml('db', 1))
}
