import { Command } from 'commander'
import type { App } from '../app.js'
import { networkId, networkLs } from '../docker/network-ls.js'
import { pluginId, pluginLs } from '../docker/plugin-ls.js'
import { quietLines } from '../docker/quiet-lines.js'
import { volumeLs } from '../docker/volume-ls.js'
import { readDirectory } from './read-directory.js'

interface LsOptions {
  quiet?: boolean
  trunc: boolean
}

/** `berth plugin ls [-q] [--no-trunc]`: `docker plugin ls`. */
export function pluginLsCommand(app: App, done: (code: number) => void): Command {
  return new Command('ls')
    .alias('list')
    .description('list plugins (docker plugin ls)')
    .option('-q, --quiet', 'only display IDs')
    .option('--no-trunc', 'do not truncate ids and descriptions')
    .addHelpText('after', '\nExamples:\n  berth plugin ls\n  berth plugin ls --no-trunc')
    .action(async (opts: LsOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals<{ dir?: string; registry?: string[] }>()
      const { store, exitCode } = await readDirectory(app, globals)
      const plugins = store.list('Plugin')
      const ids = plugins.map((p) => (opts.trunc ? pluginId(p.name).slice(0, 12) : pluginId(p.name)))
      app.io.out(
        opts.quiet ? quietLines(ids) : pluginLs(plugins, app.registry(globals), { noTrunc: !opts.trunc }),
      )
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
    .addHelpText('after', '\nExamples:\n  berth network ls\n  berth network ls -q')
    .action(async (opts: LsOptions, cmd: Command) => {
      const { store, exitCode } = await readDirectory(app, cmd.optsWithGlobals())
      const networks = store.list('Network')
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
    .addHelpText('after', '\nExamples:\n  berth volume ls\n  berth volume ls -q')
    .action(async (opts: { quiet?: boolean }, cmd: Command) => {
      const { store, exitCode } = await readDirectory(app, cmd.optsWithGlobals())
      const volumes = store.list('Volume')
      app.io.out(opts.quiet ? quietLines(volumes.map((v) => v.name)) : volumeLs(volumes))
      done(exitCode)
    })
}
