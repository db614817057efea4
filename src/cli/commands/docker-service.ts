import { Command } from 'commander'
import type { Resource } from '../../model/resource.js'
import type { App } from '../app.js'
import { quietLines } from '../docker/quiet-lines.js'
import { serviceId, serviceLs } from '../docker/service-ls.js'
import { filterTasks } from '../docker/task-filter.js'
import { serviceTasks, taskPsOutput } from '../docker/task-ps.js'
import { FILTER_FLAGS, SELECTOR_FLAGS, SELECTOR_HELP, selectResources } from '../select/select-resources.js'
import { readDirectory } from './read-directory.js'

/** `berth service ls [-q]`: `docker service ls` over the manifests as they are on disk. */
export function serviceLsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ls')
    .alias('list')
    .description('list services (docker service ls)')
    .option('-q, --quiet', 'only display IDs')
    .option(SELECTOR_FLAGS, SELECTOR_HELP)
    .option(FILTER_FLAGS, 'filter: name=P, id=P, label=K[=V], mode=replicated|global')
    .addHelpText(
      'after',
      '\nExamples:\n  berth service ls\n  berth service ls -q\n  berth service ls -f mode=global\n  berth service ls -l tier=web',
    )
    .action(async (opts: { quiet?: boolean; selector?: string; filter?: string[] }, cmd: Command) => {
      const globals = cmd.optsWithGlobals()
      const { store, exitCode } = await readDirectory(app, globals)
      const services = selectResources('Service', store.list('Service'), opts, {
        registry: app.registry(globals),
        services: store.list('Service'),
      })
      app.io.out(opts.quiet ? quietLines(services.map((s) => serviceId(s.name))) : serviceLs(services))
      done(exitCode)
    })
}

/** `berth service ps SVC… [-q] [--no-trunc] [-f key=value]`: `docker service ps`. */
export function servicePsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ps')
    .description(
      "list the tasks of one or more services (docker service ps), with each pending task's reason",
    )
    .argument('<service...>', 'service names')
    .option('-q, --quiet', 'only display task IDs')
    .option('--no-trunc', 'do not truncate ids and errors')
    .option(
      '-f, --filter <filter...>',
      'filter: desired-state=running|shutdown|accepted, node=N, name=P, id=P',
    )
    .addHelpText(
      'after',
      [
        '',
        'Pending tasks show why they wait in ERROR, cut to 30 characters as Docker does; use',
        '--no-trunc or `berth describe service SVC` for the whole reason, per node.',
        '',
        'Examples:',
        '  berth service ps myservice',
        '  berth service ps myservice -f desired-state=running --no-trunc',
      ].join('\n'),
    )
    .action(
      async (names: string[], opts: { quiet?: boolean; trunc: boolean; filter?: string[] }, cmd: Command) => {
        const { store, exitCode } = await readDirectory(app, cmd.optsWithGlobals())
        const services: Resource<'Service'>[] = []
        for (const name of names) {
          const service = store.get('Service', name)
          if (!service) {
            // A half-saved file is the likelier cause than a typo: say it may be there.
            const why = exitCode === 1 ? ' (or it is in a file above that does not load)' : ''
            app.io.err(`no such service: ${name}${why}\n`)
            return done(1)
          }
          services.push(service)
        }
        const rows = filterTasks(serviceTasks(services), opts.filter ?? [])
        app.io.out(taskPsOutput(rows, { noTrunc: !opts.trunc, ...(opts.quiet ? { quiet: true } : {}) }))
        done(exitCode)
      },
    )
}
