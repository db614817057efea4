import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { BenchEnv } from './env.js'
import type { Figure } from './figure.js'
import { generateCluster } from './generate.js'
import { reconcileDir } from './measure-reconcile.js'
import { collectGarbage } from './timing.js'
import { copyTree, listYaml, removeTree, tempTree, writeTree } from './tree-files.js'

/** The update figure's tree: 1,000 services on 250 nodes, about 4 tasks each. */
const SHAPE = { nodes: 250, services: 1000, tasks: 4000, networks: 6, volumes: 25 }

/** Rewrites every service file's spec with `edit`; returns how many services it changed. */
async function editServices(dir: string, edit: (text: string) => string): Promise<number> {
  let changed = 0
  for (const rel of await listYaml(dir)) {
    const file = path.join(dir, rel)
    const text = await readFile(file, 'utf8')
    if (!text.includes('kind: Service')) continue
    const next = edit(text)
    if (next === text) continue
    await writeFile(file, next)
    changed += (next.match(/^kind: Service$/gm) ?? []).length
  }
  return changed
}

/** A new image for every service: `…:1.2.3` becomes `…:1.2.3-next`. */
const newImage = (text: string) => text.replace(/^( {2}image: \S+)$/gm, '$1-next')
/** A spec change that is not a template change: the tasks stay as they are. */
const newRolloutConfig = (text: string) =>
  text.replace(/^( {2}image: \S+)$/gm, '$1\n  updateConfig: {parallelism: 0, order: stop-first}')

/**
 * Rolling updates per second: every service of a converged 1,000-service
 * tree gets a new image and one `reconcile` rolls them all (default
 * updateConfig: parallelism 1, no delay, so every batch runs in that pass),
 * writing each status. The floor is the same reconcile after a spec edit of
 * every service that changes no task template (an updateConfig): the same
 * loading, reconciling and status writing, minus the replacements.
 */
export async function measureUpdate(env: BenchEnv, seed: number): Promise<Figure[]> {
  const source = await tempTree('update-src')
  const dirs = [source]
  try {
    await writeTree(source, generateCluster(SHAPE, seed).files)
    await reconcileDir(source, env)
    const floorDir = await copyTree(source, 'update-floor')
    const updateDir = await copyTree(source, 'update')
    dirs.push(floorDir, updateDir)
    const edited = await editServices(floorDir, newRolloutConfig)
    const updated = await editServices(updateDir, newImage)
    collectGarbage()
    const floor = await reconcileDir(floorDir, env)
    collectGarbage()
    const run = await reconcileDir(updateDir, env)
    const replaced = await countReplaced(updateDir)
    const perSecond = updated / (run.ms / 1000)
    const floorPerSecond = edited / (floor.ms / 1000)
    return [
      {
        part: 'update',
        name: `rolling updates, ${updated} services (${replaced} tasks replaced)`,
        value: perSecond,
        unit: 'services/s',
        floorName: 'same tree, spec edit that replaces no task',
        floorUnit: 'services/s',
        floor: floorPerSecond,
        ratio: floorPerSecond / perSecond,
        target: '— (none set)',
        met: undefined,
        details: {
          ms: run.ms,
          floorMs: floor.ms,
          tasksPerSecond: replaced / (run.ms / 1000),
          phases: run.phases,
          floorPhases: floor.phases,
          reconciles: run.reconciles,
        },
      },
      {
        part: 'update',
        name: 'rolling updates, reconcile phase only (planning every batch)',
        value: updated / (run.phases.reconcile / 1000),
        unit: 'services/s',
        floorName: 'reconcile phase of the floor',
        floorUnit: 'services/s',
        floor: edited / (floor.phases.reconcile / 1000),
        ratio: run.phases.reconcile / floor.phases.reconcile,
        target: '— (none set)',
        met: undefined,
        details: { tasksPerSecond: replaced / (run.phases.reconcile / 1000) },
      },
    ]
  } finally {
    for (const dir of dirs) await removeTree(dir)
  }
}

/**
 * Shut-down tasks whose image is the old one: each is a replacement the update made. A task
 * is one line (`- {id: …, desiredState: shutdown, image: …}`), its image written on it
 * because it is not the status's `taskTemplate`.
 */
async function countReplaced(dir: string): Promise<number> {
  let count = 0
  for (const rel of await listYaml(dir)) {
    const text = await readFile(path.join(dir, rel), 'utf8')
    for (const m of text.matchAll(/desiredState: shutdown\b[^\n]*?\bimage: ([^,}\s]+)/g))
      if (!m[1]?.endsWith('-next')) count++
  }
  return count
}
