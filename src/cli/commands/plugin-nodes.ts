import type { LoadedTree } from '../../load/load-tree.js'
import type { Resource } from '../../model/resource.js'
import { addSeqItem } from '../../yamledit/add-seq-item.js'
import { removeSeqItem } from '../../yamledit/remove-seq-item.js'
import { CliError } from '../app.js'
import { findInTree } from './edit-tree.js'

/** An edit of one plugin document's text, or undefined when the manifest already says so. */
export type PluginTextEdit = ((text: string) => string | undefined) | undefined

const NODES = ['spec', 'nodes'] as const

/**
 * Takes `node` out of a plugin's `spec.nodes`: how `disable --node` and `rm --node` are written
 * down. A plugin placed by nodeSelector or installed cluster-wide has no list to edit: the
 * error says to list its nodes explicitly.
 */
export function removePluginNode(plugin: Resource<'Plugin'>, asked: string, node: string): PluginTextEdit {
  const nodes = explicitNodes(plugin, asked, node)
  if (!nodes.includes(node)) throw new CliError(`plugin ${asked} is not installed on node ${node}`)
  const { doc } = plugin.source
  return (text) => removeSeqItem(text, doc, NODES, node)
}

/**
 * Adds `node` to a plugin's `spec.nodes` for `enable --node`. Already listed, or installed
 * cluster-wide (every node, this one included): nothing to change. A plugin disabled
 * everywhere cannot be enabled on one node only.
 */
export function addPluginNode(
  tree: LoadedTree,
  plugin: Resource<'Plugin'>,
  asked: string,
  node: string,
): PluginTextEdit {
  if (!findInTree(tree, 'Node', node)) throw new CliError(`no such node: ${node}`)
  if (!plugin.spec.enabled) {
    throw new CliError(
      `plugin ${asked} is disabled on every node; run "berth plugin enable ${asked}" to enable it wherever it is installed`,
    )
  }
  if (!plugin.spec.nodes && !plugin.spec.nodeSelector) return undefined
  const nodes = explicitNodes(plugin, asked, node)
  if (nodes.includes(node)) return undefined
  const { doc } = plugin.source
  return (text) => addSeqItem(text, doc, NODES, node)
}

function explicitNodes(plugin: Resource<'Plugin'>, asked: string, node: string): readonly string[] {
  const hint = `list its nodes in spec.nodes of ${plugin.source.file} to change node ${node} alone`
  if (plugin.spec.nodeSelector)
    throw new CliError(`plugin ${asked} selects its nodes with spec.nodeSelector; ${hint}`)
  if (!plugin.spec.nodes)
    throw new CliError(`plugin ${asked} is installed on every node (no spec.nodes); ${hint}`)
  return plugin.spec.nodes
}
