import { Command } from 'commander'
import type { Resource } from '../../model/resource.js'
import { STACK_LABEL } from '../../stack/names.js'
import type { ReadStore } from '../../store/store.js'
import type { App } from '../app.js'
import { quietLines } from '../docker/quiet-lines.js'
import { serviceId, serviceLs } from '../docker/service-ls.js'
import { filterTasks } from '../docker/task-filter.js'
import { serviceTasks, taskPsOutput } from '../docker/task-ps.js'
import { renderTable } from '../table.js'
import { readDirectory } from './read-directory.js'

/** The services a stack deployed: those labelled with its name, by name. */
function stackServices(store: ReadStore, stack: string): Resource<'Service'>[] {
  return store.list('Service').filter((s) => s.labels[STACK_LABEL] === stack)
}

/** `berth stack ls`: `docker stack ls` — NAME and SERVICES, one line per stack. */
export function stackLsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ls')
    .alias('list')
    .description('list stacks (docker stack ls)')
    .action(async (_opts, cmd: Command) => {
      const { store, exitCode } = await readDirectory(app, cmd.optsWithGlobals())
      const counts = new Map<string, number>()
      for (const s of store.list('Service')) {
        const stack = s.labels[STACK_LABEL]
        if (stack !== undefined) counts.set(stack, (counts.get(stack) ?? 0) + 1)
      }
      const rows = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, n]) => [name, String(n)])
      app.io.out(renderTable(['NAME', 'SERVICES'], rows))
      done(exitCode)
    })
}

/** `berth stack services STACK [-q]`: `docker service ls` limited to the stack. */
export function stackServicesCommand(app: App, done: (code: number) => void): Command {
  return new Command('services')
    .description('list the services in a stack (docker stack services)')
    .argument('<stack>', 'the stack name')
    .option('-q, --quiet', 'only display IDs')
    .action(async (stack: string, opts: { quiet?: boolean }, cmd: Command) => {
      const { store, exitCode } = await readDirectory(app, cmd.optsWithGlobals())
      const services = stackServices(store, stack)
      if (services.length === 0) {
        app.io.err(`Nothing found in stack: ${stack}\n`)
        return done(exitCode)
      }
      app.io.out(opts.quiet ? quietLines(services.map((s) => serviceId(s.name))) : serviceLs(services))
      done(exitCode)
    })
}

/** `berth stack ps STACK`: `docker service ps` over every service of the stack. */
export function stackPsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ps')
    .description('list the tasks in a stack (docker stack ps)')
    .argument('<stack>', 'the stack name')
    .option('-q, --quiet', 'only display task IDs')
    .option('--no-trunc', 'do not truncate ids and errors')
    .option(
      '-f, --filter <filter...>',
      'filter: desired-state=running|shutdown|accepted, node=N, name=P, id=P',
    )
    .action(
      async (stack: string, opts: { quiet?: boolean; trunc: boolean; filter?: string[] }, cmd: Command) => {
        const { store, exitCode } = await readDirectory(app, cmd.optsWithGlobals())
        const services = stackServices(store, stack)
        if (services.length === 0) {
          app.io.err(`Nothing found in stack: ${stack}\n`)
          return done(exitCode)
        }
        const rows = filterTasks(serviceTasks(services), opts.filter ?? [])
        app.io.out(taskPsOutput(rows, { noTrunc: !opts.trunc, ...(opts.quiet ? { quiet: true } : {}) }))
        done(exitCode)
      },
    )
}
