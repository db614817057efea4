import { Command } from 'commander'
import type { Kind } from '../../model/kinds.js'
import { planRemove } from '../../stack/plan-deploy.js'
import type { App } from '../app.js'
import { type EditOptions, loadForEdit } from './edit-tree.js'
import { finishEdit } from './finish-edit.js'
import { applyActions, placedResources } from './stack-deploy.js'

/** The order `docker stack rm` removes things in, and so prints them. */
const REMOVE_ORDER: readonly Kind[] = ['Service', 'Secret', 'Config', 'Network', 'Volume']

/**
 * `berth stack rm STACK…`: removes every resource labelled with the stack — its documents,
 * and their files when nothing else is in them — then reconciles. A stack with nothing
 * left says `Nothing found in stack: STACK`, as Docker does.
 */
export function stackRmCommand(app: App, done: (code: number) => void): Command {
  return new Command('rm')
    .aliases(['remove', 'down'])
    .description('remove one or more stacks (docker stack rm)')
    .argument('<stack...>', 'stack names')
    .option('--no-reconcile', 'only edit the manifests; do not reconcile and write status')
    .action(async (stacks: string[], _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<EditOptions>()
      for (const stack of stacks) {
        const edit = await loadForEdit(app, opts)
        const actions = planRemove(stack, placedResources(edit))
        if (actions.length === 0) {
          app.io.err(`Nothing found in stack: ${stack}\n`)
          continue
        }
        await applyActions(app, edit, actions)
        const rank = (k: Kind) => REMOVE_ORDER.indexOf(k)
        const lines = actions
          .filter((a) => a.type === 'remove')
          .sort((a, b) => rank(a.kind) - rank(b.kind) || (a.name < b.name ? -1 : 1))
          .map((a) => `Removing ${a.kind.toLowerCase()} ${a.name}`)
        app.io.out(lines.map((l) => `${l}\n`).join(''))
      }
      await finishEdit(app, opts, done)
    })
}
