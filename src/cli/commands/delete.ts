import { Command } from 'commander'
import { removeDocument } from '../../yamledit/remove-document.js'
import type { App } from '../app.js'
import { kindNames, notFoundMessage, parseKind } from '../kind-alias.js'
import { type EditOptions, findInTree, loadForEdit } from './edit-tree.js'
import { finishEdit } from './finish-edit.js'
import { writeEdits } from './write-edits.js'

/** `berth delete KIND NAME`: removes that document, and its file when it was the only one. */
export function deleteCommand(app: App, done: (code: number) => void): Command {
  return new Command('delete')
    .description(
      'delete a resource: remove its document from the manifests (the file too when it was the only one)',
    )
    .argument('<kind>', 'service, node, plugin, volume or network (singular, plural or short form)')
    .argument('<name>', "the resource's metadata.name")
    .option('--no-reconcile', 'only edit the manifests; do not reconcile and write status')
    .addHelpText(
      'after',
      '\nExamples:\n  berth delete service my-service\n  berth delete svc web --no-reconcile',
    )
    .action(async (kindWord: string, name: string, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<EditOptions>()
      const kind = parseKind(kindWord)
      const edit = await loadForEdit(app, opts)
      const { tree } = edit
      const found = findInTree(tree, kind, name)
      if (!found) {
        app.io.err(`${notFoundMessage(kind, name)}\n`)
        return done(1)
      }
      const { file, doc } = found.source
      await writeEdits(app, edit, [{ file, apply: (text) => removeDocument(text, doc) }])
      app.io.out(`${kindNames(kind).singular} "${name}" deleted\n`)
      await finishEdit(app, opts, done)
    })
}
