/**
 * The end-to-end scheduler figure for one cluster size, as the first thing a fresh process
 * does: no code the JIT compiled for an earlier size helps it, as in a one-shot `reconcile`.
 * Prints the figure as one JSON line.
 */
import { benchEnv } from './env.js'
import { measureScheduler } from './measure-scheduler.js'

const [nodes, services, tasks, seed] = process.argv.slice(2).map(Number)
if (![nodes, services, tasks, seed].every((n) => Number.isInteger(n))) {
  process.stderr.write('usage: scheduler-child.js NODES SERVICES TASKS SEED\n')
  process.exit(2)
}
const sizes = {
  nodes: nodes as number,
  services: services as number,
  tasks: tasks as number,
  seed: seed as number,
}
const [endToEnd] = await measureScheduler(benchEnv(), sizes)
process.stdout.write(`${JSON.stringify(endToEnd)}\n`)
