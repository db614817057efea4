import { Command, CommanderError } from 'commander'
import type { App } from './app.js'
import { CliError, createApp } from './app.js'
import { applyCommand } from './commands/apply.js'
import { deleteCommand } from './commands/delete.js'
import { describeCommand } from './commands/describe.js'
import { networkLsCommand, pluginLsCommand, volumeLsCommand } from './commands/docker-ls.js'
import { nodeLsCommand, nodePsCommand } from './commands/docker-node.js'
import { serviceLsCommand, servicePsCommand } from './commands/docker-service.js'
import { getCommand } from './commands/get.js'
import { gitIndexHook } from './commands/git-index-hook.js'
import { gitCommand } from './commands/git-setup.js'
import { nodeUpdateCommand } from './commands/node-update.js'
import { planCommand } from './commands/plan.js'
import { pluginDisableCommand, pluginEnableCommand, pluginRmCommand } from './commands/plugin-edit.js'
import { reconcileCommand } from './commands/reconcile.js'
import { scaleCommand } from './commands/scale.js'
import { storeGuard } from './commands/store-guard.js'
import { stripStatusCommand } from './commands/strip-status.js'
import { validateCommand } from './commands/validate.js'
import { watchCommand } from './commands/watch.js'

/** Builds the program; commands report their exit code through `done`. */
export function buildProgram(app: App, done: (code: number) => void): Command {
  const program = new Command('berth')
    .description("Docker Swarm's plugin-aware service scheduling for plain YAML manifests")
    .option('--dir <dir>', 'manifest directory (default: $BERTH_DIR, else ./manifests)')
    .option('--registry <dir...>', 'extra plugin registry directories (JSON plugin configs)')
    .option(
      '--store <url>',
      'keep state in etcd (watch) or read it from there (get, ls): etcd://host:port[,…][/prefix]',
    )
    .showHelpAfterError('(run berth --help for usage)')
    .configureOutput({ writeOut: (s) => app.io.out(s), writeErr: (s) => app.io.err(s) })
    .exitOverride()
  program.addCommand(reconcileCommand(app, done))
  program.addCommand(validateCommand(app, done))
  program.addCommand(watchCommand(app, done))
  // Reading commands (get, describe, plan) are added here.
  program.addCommand(getCommand(app, done))
  program.addCommand(describeCommand(app, done))
  program.addCommand(planCommand(app, done))
  // Editing commands (apply, delete, scale) are added here.
  program.addCommand(applyCommand(app, done))
  program.addCommand(deleteCommand(app, done))
  program.addCommand(scaleCommand(app, done))
  // Git: the clean filter and its setup; `reconcile` keeps git's index in step with status writes.
  program.addCommand(stripStatusCommand(app, done))
  program.addCommand(gitCommand(app, done))
  program.hook('postAction', gitIndexHook(app))
  program.hook('preAction', storeGuard())
  // Docker-style groups: each holds reading subcommands (ls, ps) and editing ones (update, enable…).
  const groups = {
    service: new Command('service').description('manage services (docker service …)'),
    node: new Command('node').description('manage nodes (docker node …)'),
    plugin: new Command('plugin').description('manage plugins (docker plugin …)'),
    network: new Command('network').description('manage networks (docker network …)'),
    volume: new Command('volume').description('manage volumes (docker volume …)'),
  }
  // Reading subcommands: groups.service.addCommand(…ls…), …
  groups.service.addCommand(serviceLsCommand(app, done))
  groups.service.addCommand(servicePsCommand(app, done))
  groups.node.addCommand(nodeLsCommand(app, done))
  groups.node.addCommand(nodePsCommand(app, done))
  groups.plugin.addCommand(pluginLsCommand(app, done))
  groups.network.addCommand(networkLsCommand(app, done))
  groups.volume.addCommand(volumeLsCommand(app, done))
  // Editing subcommands: groups.plugin.addCommand(…enable…), …
  groups.plugin.addCommand(pluginEnableCommand(app, done))
  groups.plugin.addCommand(pluginDisableCommand(app, done))
  groups.plugin.addCommand(pluginRmCommand(app, done))
  groups.node.addCommand(nodeUpdateCommand(app, done))
  for (const group of Object.values(groups)) program.addCommand(group)
  const configure = (command: Command) => {
    command.exitOverride().configureOutput(program.configureOutput())
    command.commands.forEach(configure)
  }
  program.commands.forEach(configure)
  return program
}

/** Runs berth with the given arguments; resolves to the exit code. One exit point for every command. */
export async function run(argv: readonly string[], app: App = createApp(stdio())): Promise<number> {
  let code = 0
  const program = buildProgram(app, (c) => {
    code = c
  })
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return code
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      return ok ? 0 : 2
    }
    if (error instanceof CliError) {
      app.io.err(`berth: ${error.message}\n`)
      return error.exitCode
    }
    app.io.err(`berth: internal error: ${(error as Error).stack ?? error}\n`)
    return 1
  }
}

/** The process's own terminal streams. */
export function stdio() {
  return {
    out: (text: string) => void process.stdout.write(text),
    err: (text: string) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
  }
}
