import { Command } from 'commander'
import { nodeId } from '../../view/sched-nodes.js'
import type { App } from '../app.js'
import { nodeLs } from '../docker/node-ls.js'
import { quietLines } from '../docker/quiet-lines.js'
import { filterTasks } from '../docker/task-filter.js'
import { serviceTasks, taskPsOutput } from '../docker/task-ps.js'
import { FILTER_FLAGS, SELECTOR_FLAGS, SELECTOR_HELP, selectResources } from '../select/select-resources.js'
import { readDirectory } from './read-directory.js'

/** `berth node ls [-q]`: `docker node ls`. */
export function nodeLsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ls')
    .alias('list')
    .description('list nodes (docker node ls)')
    .option('-q, --quiet', 'only display IDs')
    .option(SELECTOR_FLAGS, SELECTOR_HELP)
    .option(
      FILTER_FLAGS,
      'filter: name=P, id=P, label=K[=V], role=manager|worker, availability=active|pause|drain',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  berth node ls\n  berth node ls -q\n  berth node ls -l zone=b\n  berth node ls -f role=manager',
    )
    .action(async (opts: { quiet?: boolean; selector?: string; filter?: string[] }, cmd: Command) => {
      const globals = cmd.optsWithGlobals()
      const { store, exitCode } = await readDirectory(app, globals)
      const nodes = selectResources('Node', store.list('Node'), opts, {
        registry: app.registry(globals),
        services: store.list('Service'),
      })
      app.io.out(opts.quiet ? quietLines(nodes.map((n) => nodeId(n.name))) : nodeLs(nodes))
      done(exitCode)
    })
}

/** `berth node ps NODE… [-q] [--no-trunc] [-f key=value]`: the tasks on nodes, as `docker node ps`. */
export function nodePsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ps')
    .description('list the tasks on one or more nodes (docker node ps)')
    .argument('<node...>', 'node names')
    .option('-q, --quiet', 'only display task IDs')
    .option('--no-trunc', 'do not truncate ids and errors')
    .option('-f, --filter <filter...>', 'filter: desired-state=running|shutdown|accepted, name=P, id=P')
    .addHelpText(
      'after',
      '\nExamples:\n  berth node ps node2\n  berth node ps node1 node2 -f desired-state=running',
    )
    .action(
      async (names: string[], opts: { quiet?: boolean; trunc: boolean; filter?: string[] }, cmd: Command) => {
        const { store, exitCode } = await readDirectory(app, cmd.optsWithGlobals())
        for (const name of names) {
          if (store.get('Node', name)) continue
          app.io.err(`no such node: ${name}\n`)
          return done(1)
        }
        const wanted = new Set(names)
        const onNodes = serviceTasks(store.list('Service')).filter(
          (r) => r.task.node && wanted.has(r.task.node),
        )
        // A history entry is listed on its own node, so it stands alone there, without `\_ `.
        const rows = filterTasks(onNodes, opts.filter ?? []).map((r) => ({ ...r, history: false }))
        app.io.out(taskPsOutput(rows, { noTrunc: !opts.trunc, ...(opts.quiet ? { quiet: true } : {}) }))
        done(exitCode)
      },
    )
}
