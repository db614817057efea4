import { Command } from 'commander'
import { setScalarIn } from '../../yamledit/set-in.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { type EditOptions, findInTree, loadForEdit } from './edit-tree.js'
import { finishEdit } from './finish-edit.js'
import { writeEdits } from './write-edits.js'

/** `SERVICE=REPLICAS` as `docker service scale` takes it; a malformed one is a usage error. */
function parseScaleArg(arg: string): { name: string; replicas: number } {
  // Any count parses; the schema refuses one over the limit, naming it, before any work.
  const match = /^([^=]+)=(\d{1,15})$/.exec(arg)
  if (!match) throw new CliError(`invalid scale specifier "${arg}": expected SERVICE=REPLICAS, e.g. web=3`, 2)
  return { name: match[1]!, replicas: Number(match[2]) }
}

/** `berth scale SVC=N …`: sets `spec.replicas` in the manifests, keeping comments, like `docker service scale`. */
export function scaleCommand(app: App, done: (code: number) => void): Command {
  return new Command('scale')
    .description(
      'set the number of replicas of services (docker service scale), editing the manifests in place',
    )
    .argument('<service=replicas...>', 'one or more SERVICE=REPLICAS')
    .option('--no-reconcile', 'only edit the manifests; do not reconcile and write status')
    .addHelpText('after', '\nExamples:\n  berth scale myservice=8\n  berth scale web=3 api=2 --no-reconcile')
    .action(async (args: string[], _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<EditOptions>()
      const wanted = args.map(parseScaleArg)
      const edit = await loadForEdit(app, opts)
      const { tree } = edit
      const edits = wanted.map(({ name, replicas }) => {
        const service = findInTree(tree, 'Service', name)
        if (!service) throw new CliError(`no such service: ${name}`)
        if (service.spec.mode === 'global') {
          throw new CliError(`${name}: scale can only be used with replicated mode`)
        }
        const { file, doc } = service.source
        return { file, apply: (text: string) => setScalarIn(text, doc, ['spec', 'replicas'], replicas) }
      })
      await writeEdits(app, edit, edits)
      for (const { name, replicas } of wanted) app.io.out(`${name} scaled to ${replicas}\n`)
      await finishEdit(app, opts, done)
    })
}
