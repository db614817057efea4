import { Command, Option } from 'commander'
import { setScalarIn } from '../../yamledit/set-in.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { type EditOptions, findInTree, loadForEdit } from './edit-tree.js'
import { finishEdit } from './finish-edit.js'
import { writeEdits } from './write-edits.js'

/** `berth node update --availability active|pause|drain NODE`: sets `spec.availability`, like `docker node update`. */
export function nodeUpdateCommand(app: App, done: (code: number) => void): Command {
  return new Command('update')
    .description("update a node's availability (docker node update), editing its manifest in place")
    .argument('<node>', "the Node's metadata.name")
    .addOption(
      new Option(
        '--availability <availability>',
        'active, pause (keep tasks, take no new ones) or drain (move tasks away)',
      )
        .choices(['active', 'pause', 'drain'])
        .makeOptionMandatory(),
    )
    .option('--no-reconcile', 'only edit the manifests; do not reconcile and write status')
    .addHelpText(
      'after',
      '\nExamples:\n  berth node update --availability drain node2\n  berth node update --availability active node2',
    )
    .action(async (name: string, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<EditOptions & { availability: 'active' | 'pause' | 'drain' }>()
      const editing = await loadForEdit(app, opts)
      const { tree } = editing
      const node = findInTree(tree, 'Node', name)
      if (!node) throw new CliError(`no such node: ${name}`)
      const { file, doc } = node.source
      const edit = (text: string) => setScalarIn(text, doc, ['spec', 'availability'], opts.availability)
      await writeEdits(app, editing, [{ file, apply: edit }])
      app.io.out(`${name}\n`)
      await finishEdit(app, opts, done)
    })
}
