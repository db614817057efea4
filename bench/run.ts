/**
 * `npm run bench`: berth's performance figures, each against a
 * floor measured in the same run. Prints a table and writes a JSON report.
 * Parts are selectable: `node dist/bench/run.js --only scheduler,cold`.
 */
import type { Part } from './args.js'
import { parseArgs } from './args.js'
import { benchEnv } from './env.js'
import type { Figure } from './figure.js'
import { generateCluster, shapeForFiles } from './generate.js'
import { measureBytes } from './measure-bytes.js'
import { measureDaemonStart } from './measure-daemon-start.js'
import { measureEdit } from './measure-edit.js'
import { measureEtcd } from './measure-etcd.js'
import { measureGitAdd } from './measure-git.js'
import { measureMemory } from './measure-memory.js'
import { measureCold, measureNoop, reconcileDir } from './measure-reconcile.js'
import { measureScheduler, schedulerInFreshProcess } from './measure-scheduler.js'
import { measureStart } from './measure-start.js'
import { measureUpdate } from './measure-update.js'
import { measureWatch } from './measure-watch.js'
import { machine, table, writeReport } from './report.js'
import { now } from './timing.js'
import { copyTree, removeTree, tempTree, writeTree } from './tree-files.js'

const options = parseArgs(process.argv.slice(2))
const want = (part: Part) => options.only.has(part)
const say = (line: string) => process.stderr.write(`${line}\n`)
const env = benchEnv()
const figures: Figure[] = []
const temp: string[] = []
const started = now()

const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const t = now()
  say(`… ${label}`)
  const result = await fn()
  say(`  ${label}: ${((now() - t) / 1000).toFixed(1)} s`)
  return result
}

/** Writes a generated tree of about `files` files; returns its folder. */
const generatedTree = async (files: number, label: string) => {
  const cluster = generateCluster(shapeForFiles(files), options.seed)
  const dir = await tempTree(label)
  temp.push(dir)
  await writeTree(dir, cluster.files)
  return dir
}

/** A converged copy of a tree: reconciled once and written, untimed. */
const convergedCopy = async (source: string, label: string) => {
  const dir = await copyTree(source, label)
  temp.push(dir)
  await reconcileDir(dir, env)
  return dir
}

try {
  if (want('start'))
    figures.push(...(await step('service ls on the demo', () => measureStart(Math.max(10, options.repeat)))))
  if (want('scheduler')) {
    for (const nodes of options.nodes) {
      const sizes = { nodes, services: options.services, tasks: options.tasks, seed: options.seed }
      figures.push(...(await step(`scheduler, ${nodes} nodes`, () => measureScheduler(env, sizes))))
    }
    // The sizes above share one process, so each runs on code the JIT compiled for the one before.
    for (const nodes of options.nodes.filter((n) => n === 5000)) {
      const sizes = { nodes, services: options.services, tasks: options.tasks, seed: options.seed }
      figures.push(
        await step(`scheduler, ${nodes} nodes, fresh process`, () => schedulerInFreshProcess(sizes)),
      )
    }
  }
  const needTree = ['bytes', 'git', 'cold', 'noop', 'daemon', 'watch', 'burst', 'memory', 'etcd'].some((p) =>
    want(p as Part),
  )
  const source = needTree
    ? await step(`generate ${options.files} files`, () => generatedTree(options.files, 'src'))
    : ''
  let converged: string | undefined
  if (want('cold')) {
    const cold = await step('cold reconcile', () => measureCold(env, source, options.repeat))
    temp.push(cold.converged)
    converged = cold.converged
    figures.push(cold.figure)
  }
  const needConverged =
    want('noop') || want('daemon') || want('watch') || want('burst') || want('git') || want('bytes')
  if (needConverged && !converged) converged = await step('converge', () => convergedCopy(source, 'conv'))
  if (want('noop') && converged) {
    const base = converged
    figures.push(...(await step('no-op reconcile', () => measureNoop(env, base, options.repeat))))
  }
  if (want('daemon') && converged) {
    const base = converged
    figures.push(await step('daemon start', () => measureDaemonStart(base, Math.max(3, options.repeat))))
  }
  if (want('bytes') && converged) figures.push(await measureBytes(converged))
  if (want('git') && converged) {
    const base = converged
    figures.push(
      await step(`git add of ${options.gitFiles} manifests`, () =>
        measureGitAdd(base, options.gitFiles, Math.max(5, options.repeat)),
      ),
    )
  }
  if ((want('watch') || want('burst')) && converged) {
    const base = converged
    const label = want('watch') ? 'watch latency and burst' : 'burst'
    const watch = await step(label, async () => {
      const small = await convergedCopy(await generatedTree(options.smallFiles, 'small'), 'small-conv')
      const large = await copyTree(base, 'watch')
      temp.push(large)
      return measureWatch(
        env,
        { small, large },
        options.watchRepeats,
        want('burst') ? options.burst : undefined,
      )
    })
    figures.push(...watch.filter((f) => want(f.part as Part)))
  }
  if (want('etcd')) {
    const small = await convergedCopy(await generatedTree(options.smallFiles, 'small'), 'small-conv')
    figures.push(
      ...(await step('etcd against the directory', () =>
        measureEtcd(env, { source, small }, options.watchRepeats),
      )),
    )
  }
  if (want('memory')) figures.push(await step('peak memory (child process)', () => measureMemory(source)))
  if (want('update')) figures.push(...(await step('rolling updates', () => measureUpdate(env, options.seed))))
  if (want('edit'))
    figures.push(
      await step(`berth scale at ${options.editReplicas} replicas`, () =>
        measureEdit(options.editReplicas, Math.max(3, options.repeat)),
      ),
    )
} finally {
  for (const dir of temp) await removeTree(dir)
}

const seconds = (now() - started) / 1000
process.stdout.write(
  `\n${table(figures)}\n\nmachine: ${JSON.stringify(machine())}; total ${seconds.toFixed(0)} s\n`,
)
await writeReport(options.out, figures, { options: { ...options, only: [...options.only] }, seconds })
say(`report: ${options.out}`)
