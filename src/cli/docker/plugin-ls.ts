import { stableId } from '../../model/ids.js'
import type { Resource } from '../../model/resource.js'
import { isStale, STALE_MARK } from '../../model/staleness.js'
import { pluginName } from '../../plugins/reference.js'
import type { Registry } from '../../plugins/registry.js'
import { renderTable } from '../table.js'
import { ellipsis } from './ellipsis.js'

/** Docker cuts a plugin's description to this many characters unless `--no-trunc`. */
const MAX_DESCRIPTION = 45

/** A plugin's id, stable and derived from its name; Docker shows 12 characters. */
export function pluginId(name: string): string {
  return stableId('plugin', name)
}

/**
 * `docker plugin ls`: ID, NAME (`name:tag`), DESCRIPTION, ENABLED. The
 * description comes from the inline config, else the registry. A plugin
 * installed on several nodes is `true` when it is enabled on any of them;
 * before berth has written a status, the spec decides.
 */
export function pluginLs(
  plugins: readonly Resource<'Plugin'>[],
  registry: Pick<Registry, 'lookup'>,
  options: { noTrunc?: boolean } = {},
): string {
  const rows = plugins.map((p) => {
    const description = (
      p.spec.config?.description ??
      registry.lookup(p.spec.remote)?.description ??
      ''
    ).replace(/[\r\n]/g, '')
    const nodes = p.status?.nodes
    const enabled = nodes ? nodes.some((n) => n.enabled) : p.spec.enabled
    const id = pluginId(p.name)
    return [
      options.noTrunc ? id : id.slice(0, 12),
      p.status?.name ?? pluginName(p.spec),
      options.noTrunc ? description : ellipsis(description, MAX_DESCRIPTION),
      String(enabled) + (isStale(p) ? STALE_MARK : ''),
    ]
  })
  return renderTable(['ID', 'NAME', 'DESCRIPTION', 'ENABLED'], rows)
}
