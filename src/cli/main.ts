import { Command } from 'commander'
import type { App } from './app.js'
import { applyCommand } from './commands/apply.js'
import { completeCommand, completionCommand } from './commands/completion.js'
import { deleteCommand } from './commands/delete.js'
import { describeCommand } from './commands/describe.js'
import { networkLsCommand, pluginLsCommand, volumeLsCommand } from './commands/docker-ls.js'
import { nodeLsCommand, nodePsCommand } from './commands/docker-node.js'
import { serviceLsCommand, servicePsCommand } from './commands/docker-service.js'
import { explainCommand } from './commands/explain.js'
import { getCommand } from './commands/get.js'
import { gitIndexHook } from './commands/git-index-hook.js'
import { gitCommand } from './commands/git-setup.js'
import { nodeUpdateCommand } from './commands/node-update.js'
import { planCommand } from './commands/plan.js'
import { pluginDisableCommand, pluginEnableCommand, pluginRmCommand } from './commands/plugin-edit.js'
import { reconcileCommand } from './commands/reconcile.js'
import { scaleCommand } from './commands/scale.js'
import { schemaCommand } from './commands/schema.js'
import { serviceRollbackCommand, serviceUpdateCommand } from './commands/service-update.js'
import { stackCommand } from './commands/stack.js'
import { storeGuard } from './commands/store-guard.js'
import { stripStatusCommand } from './commands/strip-status.js'
import { validateCommand } from './commands/validate.js'
import { watchCommand } from './commands/watch.js'
import { GROUP_DESCRIPTIONS } from './light-commands.js'
import { configureAll, emptyProgram } from './program-base.js'

export { run } from './run.js'

/** Builds the program; commands report their exit code through `done`. */
export function buildProgram(app: App, done: (code: number) => void): Command {
  const program = emptyProgram(app)
  program.addCommand(reconcileCommand(app, done))
  program.addCommand(validateCommand(app, done))
  program.addCommand(watchCommand(app, done))
  // Reading commands (get, describe, plan) are added here.
  program.addCommand(getCommand(app, done))
  program.addCommand(describeCommand(app, done))
  program.addCommand(planCommand(app, done))
  // Editors and shells: JSON Schemas, field docs, completion.
  program.addCommand(schemaCommand(app, done))
  program.addCommand(explainCommand(app, done))
  program.addCommand(completionCommand(app, done))
  program.addCommand(
    completeCommand(app, done, () => program),
    { hidden: true },
  )
  // Editing commands (apply, delete, scale) are added here.
  program.addCommand(applyCommand(app, done))
  program.addCommand(deleteCommand(app, done))
  program.addCommand(scaleCommand(app, done))
  // Stacks: compose files in (docker stack deploy, ls, services, ps, rm).
  program.addCommand(stackCommand(app, done))
  // Git: the clean filter and its setup; `reconcile` keeps git's index in step with status writes.
  program.addCommand(stripStatusCommand(app, done))
  program.addCommand(gitCommand(app, done))
  program.hook('postAction', gitIndexHook(app))
  program.hook('preAction', storeGuard())
  // Docker-style groups: each holds reading subcommands (ls, ps) and editing ones (update, enable…).
  const groups = {
    service: new Command('service').description(GROUP_DESCRIPTIONS.service),
    node: new Command('node').description(GROUP_DESCRIPTIONS.node),
    plugin: new Command('plugin').description(GROUP_DESCRIPTIONS.plugin),
    network: new Command('network').description(GROUP_DESCRIPTIONS.network),
    volume: new Command('volume').description(GROUP_DESCRIPTIONS.volume),
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
  groups.service.addCommand(serviceUpdateCommand(app, done))
  groups.service.addCommand(serviceRollbackCommand(app, done))
  for (const group of Object.values(groups)) program.addCommand(group)
  return configureAll(program)
}
