import { Command } from 'commander'
import type { LoadedTree } from '../../load/load-tree.js'
import type { Resource } from '../../model/resource.js'
import { removeDocument } from '../../yamledit/remove-document.js'
import { setScalarIn } from '../../yamledit/set-in.js'
import type { App } from '../app.js'
import { type EditOptions, loadForEdit } from './edit-tree.js'
import { findPlugin } from './find-plugin.js'
import { finishEdit } from './finish-edit.js'
import { addPluginNode, type PluginTextEdit, removePluginNode } from './plugin-nodes.js'
import { writeEdits } from './write-edits.js'

type PluginOptions = EditOptions & { node?: string }

/** What one plugin subcommand changes, given the plugin the name matched. */
type Plan = (
  tree: LoadedTree,
  plugin: Resource<'Plugin'>,
  asked: string,
  node: string | undefined,
) => PluginTextEdit

/** `berth plugin enable NAME [--node N]`: `spec.enabled: true`, or N added to `spec.nodes`. */
export function pluginEnableCommand(app: App, done: (code: number) => void): Command {
  return pluginCommand(app, done, {
    name: 'enable',
    description: 'enable a plugin (docker plugin enable), or install it on one more node with --node',
    examples: ['berth plugin enable weave2', 'berth plugin enable bboreham/weave2:latest --node node2'],
    plan: (tree, plugin, asked, node) =>
      node === undefined ? setEnabled(plugin, true) : addPluginNode(tree, plugin, asked, node),
  })
}

/** `berth plugin disable NAME [--node N]`: `spec.enabled: false`, or N removed from `spec.nodes`. */
export function pluginDisableCommand(app: App, done: (code: number) => void): Command {
  return pluginCommand(app, done, {
    name: 'disable',
    description: 'disable a plugin everywhere (docker plugin disable), or on one node with --node',
    examples: ['berth plugin disable weave2', 'berth plugin disable bboreham/weave2 --node node2'],
    plan: (_tree, plugin, asked, node) =>
      node === undefined ? setEnabled(plugin, false) : removePluginNode(plugin, asked, node),
  }).option('-f, --force', 'accepted for docker compatibility; tasks using the plugin are moved either way')
}

/** `berth plugin rm NAME [--node N]`: deletes the Plugin manifest, or takes N out of `spec.nodes`. */
export function pluginRmCommand(app: App, done: (code: number) => void): Command {
  return pluginCommand(app, done, {
    name: 'rm',
    description:
      'remove a plugin (docker plugin rm): delete its manifest, or with --node take it off that node only',
    examples: ['berth plugin rm weave2 --node node2', 'berth plugin rm bboreham/weave2:latest'],
    plan: (_tree, plugin, asked, node) => {
      if (node !== undefined) return removePluginNode(plugin, asked, node)
      const { doc } = plugin.source
      return (text) => removeDocument(text, doc)
    },
  })
    .alias('remove')
    .option('-f, --force', 'accepted for docker compatibility; tasks using the plugin are moved either way')
}

function setEnabled(plugin: Resource<'Plugin'>, enabled: boolean): PluginTextEdit {
  if (plugin.spec.enabled === enabled) return undefined
  const { doc } = plugin.source
  return (text) => setScalarIn(text, doc, ['spec', 'enabled'], enabled)
}

function pluginCommand(
  app: App,
  done: (code: number) => void,
  def: { name: string; description: string; examples: string[]; plan: Plan },
): Command {
  return new Command(def.name)
    .description(def.description)
    .argument(
      '<plugin>',
      "the Plugin's metadata.name, or its name as docker shows it (bboreham/weave2:latest)",
    )
    .option('--node <node>', 'only on this node: edits spec.nodes')
    .option('--no-reconcile', 'only edit the manifests; do not reconcile and write status')
    .addHelpText('after', `\nExamples:\n${def.examples.map((e) => `  ${e}`).join('\n')}`)
    .action(async (asked: string, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<PluginOptions>()
      const editing = await loadForEdit(app, opts)
      const { tree } = editing
      const plugin = findPlugin(tree, asked)
      const edit = def.plan(tree, plugin, asked, opts.node)
      if (edit) await writeEdits(app, editing, [{ file: plugin.source.file, apply: edit }])
      app.io.out(`${asked}\n`)
      await finishEdit(app, opts, done)
    })
}
