import { Command } from 'commander'
import type { App } from '../app.js'
import { networkId, networkLs } from '../docker/network-ls.js'
import { pluginId, pluginLs } from '../docker/plugin-ls.js'
import { quietLines } from '../docker/quiet-lines.js'
import { volumeLs } from '../docker/volume-ls.js'
import { FILTER_FLAGS, SELECTOR_FLAGS, SELECTOR_HELP, selectResources } from '../select/select-resources.js'
import { readDirectory } from './read-directory.js'

interface LsOptions {
  quiet?: boolean
  trunc: boolean
  selector?: string
  filter?: string[]
}

/** `berth plugin ls [-q] [--no-trunc]`: `docker plugin ls`. */
export function pluginLsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ls')
    .alias('list')
    .description('list plugins (docker plugin ls)')
    .option('-q, --quiet', 'only display IDs')
    .option('--no-trunc', 'do not truncate ids and descriptions')
    .option(SELECTOR_FLAGS, SELECTOR_HELP)
    .option(
      FILTER_FLAGS,
      'filter: name=P, id=P, label=K[=V], enabled=true|false, capability=volumedriver|networkdriver|…',
    )
    .addHelpText('after', '\nExamples:\n  berth plugin ls\n  berth plugin ls --no-trunc')
    .action(async (opts: LsOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals<{ dir?: string; registry?: string[] }>()
      const { store, exitCode } = await readDirectory(app, globals)
      const registry = app.registry(globals)
      const plugins = selectResources('Plugin', store.list('Plugin'), opts, {
        registry,
        services: store.list('Service'),
      })
      const ids = plugins.map((p) => (opts.trunc ? pluginId(p.name).slice(0, 12) : pluginId(p.name)))
      app.io.out(opts.quiet ? quietLines(ids) : pluginLs(plugins, registry, { noTrunc: !opts.trunc }))
      done(exitCode)
    })
}

/** `berth network ls [-q] [--no-trunc]`: `docker network ls`. */
export function networkLsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ls')
    .alias('list')
    .description('list networks (docker network ls)')
    .option('-q, --quiet', 'only display IDs')
    .option('--no-trunc', 'do not truncate ids')
    .option(SELECTOR_FLAGS, SELECTOR_HELP)
    .option(FILTER_FLAGS, 'filter: name=P, id=P, label=K[=V], driver=D, scope=swarm|local')
    .addHelpText('after', '\nExamples:\n  berth network ls\n  berth network ls -q')
    .action(async (opts: LsOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals()
      const { store, exitCode } = await readDirectory(app, globals)
      const networks = selectResources('Network', store.list('Network'), opts, {
        registry: app.registry(globals),
        services: store.list('Service'),
      })
      const ids = networks.map((n) => (opts.trunc ? networkId(n).slice(0, 12) : networkId(n)))
      app.io.out(opts.quiet ? quietLines(ids) : networkLs(networks, { noTrunc: !opts.trunc }))
      done(exitCode)
    })
}

/** `berth volume ls [-q]`: `docker volume ls`. */
export function volumeLsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ls')
    .alias('list')
    .description('list volumes (docker volume ls)')
    .option('-q, --quiet', 'only display volume names')
    .option(SELECTOR_FLAGS, SELECTOR_HELP)
    .option(FILTER_FLAGS, 'filter: name=P, label=K[=V], driver=D, dangling=true|false')
    .addHelpText('after', '\nExamples:\n  berth volume ls\n  berth volume ls -q')
    .action(async (opts: Omit<LsOptions, 'trunc'>, cmd: Command) => {
      const globals = cmd.optsWithGlobals()
      const { store, exitCode } = await readDirectory(app, globals)
      const volumes = selectResources('Volume', store.list('Volume'), opts, {
        registry: app.registry(globals),
        services: store.list('Service'),
      })
      app.io.out(opts.quiet ? quietLines(volumes.map((v) => v.name)) : volumeLs(volumes))
      done(exitCode)
    })
}
