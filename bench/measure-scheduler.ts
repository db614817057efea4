import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveDemand } from '../controllers/service/demand.js'
import { createEngine } from '../src/engine/engine.js'
import type { FilterContext } from '../src/scheduler/filters.js'
import { createLoadTable } from '../src/scheduler/load-table.js'
import { buildNodeSet } from '../src/scheduler/node-set.js'
import { staticCandidates } from '../src/scheduler/pipeline.js'
import { placeTasks } from '../src/scheduler/place.js'
import type { SchedNode } from '../src/scheduler/types.js'
import { buildSchedNodes } from '../src/view/sched-nodes.js'
import type { View } from '../src/view/view.js'
import type { BenchEnv } from './env.js'
import type { Figure } from './figure.js'
import { generateCluster, shapeForScheduler } from './generate.js'
import { countTasks, loadIntoStore, timedControllers } from './load-cluster.js'
import { spawnTimed } from './spawn-timed.js'
import { collectGarbage, median, now } from './timing.js'

/** at least this many placements per second at 5,000 nodes. */
const TARGET_RATE = 100_000
const TARGET_NODES = 5000

/**
 * Scheduler throughput, end to end: a generated cluster loaded into a store,
 * every controller run by the real manager to a fixed point, each placement
 * recorded in the store as a Service status. Placements per second are the
 * running tasks recorded divided by the time of `runToFixedPoint`. The floor
 * is a bare loop making the same number of trivial Map writes.
 */
export async function measureScheduler(
  env: BenchEnv,
  sizes: { nodes: number; services: number; tasks: number; seed: number },
): Promise<Figure[]> {
  const shape = shapeForScheduler(sizes.nodes, sizes.services, sizes.tasks)
  const cluster = generateCluster(shape, sizes.seed)
  const { controllers, times } = timedControllers()
  const { store, view, manager } = createEngine({
    store: loadIntoStore(cluster.files, env),
    controllers,
    registry: env.registry,
    clock: env.clock,
  })
  manager.enqueueAll()
  collectGarbage()
  const start = now()
  const pass = await manager.runToFixedPoint()
  const ms = now() - start
  manager.stop()
  if (pass.failed.size > 0) {
    const [key, error] = [...pass.failed][0] ?? []
    throw new Error(`reconcile failed for ${pass.failed.size} keys, e.g. ${key}: ${error?.message}`)
  }
  const { placed, pending } = countTasks(store)
  const rate = placed / (ms / 1000)
  const floorMs = mapWriteFloor(placed, sizes.nodes)
  const floorRate = placed / (floorMs / 1000)
  const bare = bareDecisionLoop(view)
  const atTarget = sizes.nodes === TARGET_NODES
  const controllerMs = Object.fromEntries([...times.ms].map(([k, v]) => [k, Math.round(v)]))
  const inControllers = [...times.ms.values()].reduce((a, b) => a + b, 0)
  return [
    {
      part: 'scheduler',
      name: `scheduler, ${sizes.nodes.toLocaleString('en-US')} nodes (end to end)`,
      value: rate,
      unit: 'placements/s',
      floorName: 'bare Map writes',
      floorUnit: 'writes/s',
      floor: floorRate,
      ratio: floorRate / rate,
      target: atTarget ? '≥ 100,000/s' : '— (swarmkit ~10,000/s)',
      met: atTarget ? rate >= TARGET_RATE : undefined,
      details: {
        nodes: sizes.nodes,
        services: sizes.services,
        expectedTasks: cluster.plan.expectedTasks,
        placed,
        pending,
        seconds: ms / 1000,
        reconciles: pass.reconciles,
        reconcilesByKind: Object.fromEntries(times.calls),
        controllerMs,
        runtimeMs: Math.round(ms - inControllers),
        floorMs,
        stalled: pass.stalled.length,
      },
    },
    {
      part: 'scheduler',
      name: `bare decision loop, ${sizes.nodes.toLocaleString('en-US')} nodes`,
      value: bare.placed / (bare.ms / 1000),
      unit: 'placements/s',
      floorName: 'bare Map writes',
      floorUnit: 'writes/s',
      floor: floorRate,
      ratio: floorRate / (bare.placed / (bare.ms / 1000)),
      target: '— (swarmkit ~72,000/s)',
      met: undefined,
      details: { placed: bare.placed, seconds: bare.ms / 1000, nodeSetSeconds: bare.nodeSetMs / 1000 },
    },
  ]
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scheduler-child.js')

/**
 * The end-to-end figure measured as the first thing a fresh process does (see
 * `scheduler-child.ts`): what a one-shot `reconcile` gets, where the in-process
 * sizes after the first run on code the JIT already compiled.
 */
export async function schedulerInFreshProcess(sizes: {
  nodes: number
  services: number
  tasks: number
  seed: number
}): Promise<Figure> {
  const args = [sizes.nodes, sizes.services, sizes.tasks, sizes.seed].map(String)
  const run = await spawnTimed(process.execPath, [CHILD, ...args])
  if (run.code !== 0) throw new Error(`scheduler-child failed: ${run.stderr}`)
  const figure = JSON.parse(run.stdout) as Figure
  return { ...figure, name: figure.name.replace('(end to end)', '(end to end, fresh process)') }
}

/** The floor: `count` writes of a task id to a node name in a Map, median of five runs. */
function mapWriteFloor(count: number, nodes: number): number {
  const ids = Array.from({ length: count }, (_, i) => `svc-${i >> 7}.${i & 127}.task${i.toString(36)}`)
  const names = Array.from({ length: nodes }, (_, i) => `node-${i}`)
  const runs: number[] = []
  for (let r = 0; r < 5; r++) {
    const map = new Map<string, string>()
    const start = now()
    for (let i = 0; i < count; i++) map.set(ids[i] as string, names[i % nodes] as string)
    runs.push(now() - start)
    if (map.size !== count) throw new Error('floor lost writes')
  }
  return Math.max(median(runs), 0.001)
}

/**
 * The pure scheduler alone, for comparison with swarmkit's decision loop, on
 * the path the service controller takes: a load table with a slot per node,
 * the node set built from it, then for each replicated service the static
 * filters (`staticCandidates`) and placement over the table's arrays
 * (`placeTasks`), each placement added to the table. Every replicated
 * service's demand is resolved first (untimed); the load table and the node
 * set are new, so the static filters start cold as after a node change —
 * nothing the end-to-end run worked out is reused. No store, no status, no
 * explanations.
 */
function bareDecisionLoop(view: View): { placed: number; ms: number; nodeSetMs: number } {
  const work = view.list('Service').flatMap((s) => {
    if (s.spec.mode === 'global') return []
    const resolved = resolveDemand(s.spec, view)
    return 'demand' in resolved ? [{ demand: resolved.demand, count: s.spec.replicas ?? 1 }] : []
  })
  const none = new Map<string, number>()
  const table = createLoadTable()
  const load = (node: SchedNode) => table.load(node.name)
  const setStart = now()
  const nodes = buildNodeSet(
    buildSchedNodes(view.list('Node'), view.plugins(), view.list('Volume'), table.slotOf),
  )
  const nodeSetMs = now() - setStart
  let placed = 0
  const start = now()
  for (const { demand, count } of work) {
    const ctx: FilterContext = { demand, load, serviceTasks: () => 0 }
    const result = placeTasks({
      demand,
      candidates: staticCandidates(nodes, ctx),
      count,
      memo: nodes.memo,
      load,
      serviceTasks: none,
      loadArrays: { arrays: table.arrays(), delta: none },
    })
    for (const node of result.placed) table.add(node.name, 1, demand)
    placed += result.placed.length
  }
  return { placed, ms: now() - start, nodeSetMs }
}
