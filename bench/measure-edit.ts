import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Figure } from './figure.js'
import { spawnTimed, type TimedRun } from './spawn-timed.js'
import { median, now } from './timing.js'
import { removeTree } from './tree-files.js'
import { yamlFloor } from './yaml-floor.js'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli/bin.js')

async function must(run: Promise<TimedRun>, what: string): Promise<TimedRun> {
  const r = await run
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr}`)
  return r
}

/**
 * An edit people make on the largest service berth takes: `berth scale` of a service of
 * `replicas` tasks (the spec edit and the reconcile that follows, which rewrites the status),
 * spawned as a person runs it, `repeat` times, each to a new count; against one `yaml` parse
 * and serialisation of that service's converged file in this process, timed between the
 * runs (the least any reading of the file costs).
 */
export async function measureEdit(replicas: number, repeat: number): Promise<Figure> {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-bench-edit-'))
  try {
    const nodes = Array.from(
      { length: 20 },
      (_, i) => `apiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: n${i + 1}\n`,
    )
    await writeFile(path.join(dir, 'nodes.yaml'), nodes.join('---\n'))
    const file = path.join(dir, 'web.yaml')
    await writeFile(
      file,
      `# the largest service\napiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  image: nginx\n  replicas: ${replicas}\n`,
    )
    await must(spawnTimed(process.execPath, [BIN, 'reconcile', '--dir', dir]), 'berth reconcile')
    const edits: number[] = []
    const floors: number[] = []
    for (let i = 1; i <= repeat; i++) {
      const started = now()
      await yamlFloor(dir, ['web.yaml'])
      floors.push(now() - started)
      const scaled = await must(
        spawnTimed(process.execPath, [BIN, 'scale', `web=${replicas - i}`, '--dir', dir]),
        'berth scale',
      )
      if (!(await readFile(file, 'utf8')).includes(`running: ${replicas - i}}`))
        throw new Error(`berth scale web=${replicas - i} did not converge the file`)
      edits.push(scaled.ms)
    }
    const ms = median(edits)
    const floor = median(floors)
    return {
      part: 'edit',
      name: `berth scale of a service of ${replicas.toLocaleString('en-US')} replicas (edit + reconcile)`,
      value: ms,
      unit: 'ms',
      floorName: 'yaml parse + stringify of its file',
      floorUnit: 'ms',
      floor,
      ratio: ms / floor,
      target: '—',
      met: undefined,
      details: { edits, floors },
    }
  } finally {
    await removeTree(dir)
  }
}
