import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Figure } from './figure.js'
import { copyTree, listYaml, removeTree } from './tree-files.js'

const run = promisify(execFile)
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'memory-child.js')
const MB = 1024 * 1024
/** The target: peak RSS of a cold reconcile of 5,000 files. */
const TARGET_MB = 400

interface ChildResult {
  readonly ms: number
  readonly maxRssBytes: number
  readonly sampledRssBytes: number
}

async function child(mode: 'reconcile' | 'floor', dir: string): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, [CHILD, mode, dir], { maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildResult
}

/**
 * Peak RSS of a cold reconcile of the tree, in a child process of its own,
 * against a child that only runs the yaml floor over the same files.
 */
export async function measureMemory(source: string): Promise<Figure> {
  const floorDir = await copyTree(source, 'mem-floor')
  const floor = await child('floor', floorDir)
  await removeTree(floorDir)
  const dir = await copyTree(source, 'mem')
  const files = (await listYaml(dir)).length
  const result = await child('reconcile', dir)
  await removeTree(dir)
  const mb = result.maxRssBytes / MB
  const floorMb = floor.maxRssBytes / MB
  return {
    part: 'memory',
    name: `peak RSS, cold reconcile of ${files} files`,
    value: mb,
    unit: 'MB',
    floorName: 'yaml floor in its own process',
    floorUnit: 'MB',
    floor: floorMb,
    ratio: mb / floorMb,
    target: `≤ ${TARGET_MB} MB`,
    met: mb <= TARGET_MB,
    details: { reconcileMs: result.ms, sampledPeakMb: result.sampledRssBytes / MB, floorMs: floor.ms },
  }
}
