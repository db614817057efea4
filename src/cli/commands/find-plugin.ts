import type { LoadedTree } from '../../load/load-tree.js'
import type { Resource } from '../../model/resource.js'
import { normalizePluginName, pluginName } from '../../plugins/reference.js'
import { CliError } from '../app.js'

/**
 * The Plugin a Docker user means by `name`: its metadata.name, or its plugin name as Docker
 * shows it — remote or alias, with or without `:latest` (`bboreham/weave2`,
 * `bboreham/weave2:latest`). An exact metadata.name wins; none or several is an error.
 */
export function findPlugin(tree: LoadedTree, name: string): Resource<'Plugin'> {
  const plugins = tree.resources.filter((r): r is Resource<'Plugin'> => r.kind === 'Plugin')
  const exact = plugins.find((p) => p.name === name)
  if (exact) return exact
  const wanted = normalizePluginName(name)
  const matches = plugins.filter(
    (p) => pluginName(p.spec) === wanted || normalizePluginName(p.spec.remote) === wanted,
  )
  if (matches.length === 1) return matches[0]!
  if (matches.length === 0) throw new CliError(`plugin ${name} not found`)
  throw new CliError(
    `plugin ${name} is ambiguous: it matches ${matches.map((p) => p.name).join(', ')}; use the metadata.name`,
  )
}
