import { Command, CommanderError } from 'commander'
import type { App } from './app.js'
import { CliError, createApp } from './app.js'
import { reconcileCommand } from './commands/reconcile.js'
import { validateCommand } from './commands/validate.js'
import { watchCommand } from './commands/watch.js'

/** Builds the program; commands report their exit code through `done`. */
export function buildProgram(app: App, done: (code: number) => void): Command {
  const program = new Command('berth')
    .description("Docker Swarm's plugin-aware service scheduling for plain YAML manifests")
    .option('--dir <dir>', 'manifest directory (default: $BERTH_DIR, else ./manifests)')
    .option('--registry <dir...>', 'extra plugin registry directories (JSON plugin configs)')
    .showHelpAfterError('(run berth --help for usage)')
    .configureOutput({ writeOut: (s) => app.io.out(s), writeErr: (s) => app.io.err(s) })
    .exitOverride()
  program.addCommand(reconcileCommand(app, done))
  program.addCommand(validateCommand(app, done))
  program.addCommand(watchCommand(app, done))
  // Reading commands (get, describe, plan) are added here.
  // Editing commands (apply, delete, scale) are added here.
  // Docker-style groups: each holds reading subcommands (ls, ps) and editing ones (update, enable…).
  const groups = {
    service: new Command('service').description('manage services (docker service …)'),
    node: new Command('node').description('manage nodes (docker node …)'),
    plugin: new Command('plugin').description('manage plugins (docker plugin …)'),
    network: new Command('network').description('manage networks (docker network …)'),
    volume: new Command('volume').description('manage volumes (docker volume …)'),
  }
  // Reading subcommands: groups.service.addCommand(…ls…), …
  // Editing subcommands: groups.plugin.addCommand(…enable…), …
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
