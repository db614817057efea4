import type { Kind } from '../../model/kinds.js'
import type { Resource } from '../../model/resource.js'
import type { Registry } from '../../plugins/registry.js'
import { nodeId } from '../../view/sched-nodes.js'
import type { FilterKey } from '../select/docker-filter.js'
import { booleanFilter, labelFilter } from '../select/docker-filter.js'
import { networkId } from './network-ls.js'
import { pluginId } from './plugin-ls.js'
import { serviceId } from './service-ls.js'

/** What a filter may need beyond the row: the plugin catalog, the services (who mounts a volume). */
export interface FilterContext {
  readonly registry: Pick<Registry, 'lookup'>
  readonly services: readonly Resource<'Service'>[]
}

type Keys<K extends Kind> = (ctx: FilterContext) => readonly FilterKey<Resource<K>>[]

const name = <K extends Kind>(): FilterKey<Resource<K>> => ({
  key: 'name',
  test: (r, v) => r.name.startsWith(v),
})
const label = <K extends Kind>(key = 'label'): FilterKey<Resource<K>> => ({
  key,
  test: (r, v) => labelFilter(r.labels, v),
})

/**
 * Docker's `--filter` keys per table, with Docker's meanings: `name` and `id`
 * match a prefix, `label` is `key` or `key=value`; plus each table's own
 * (`mode`, `role`, `driver`, `scope`, `enabled`, `capability`, `dangling`).
 */
export const FILTER_KEYS: { readonly [K in Kind]: Keys<K> } = {
  Service: () => [
    { key: 'id', test: (s, v) => serviceId(s.name).startsWith(v) },
    name(),
    label(),
    { key: 'mode', test: (s, v) => (s.spec.mode ?? 'replicated') === v },
  ],
  Node: () => [
    { key: 'id', test: (n, v) => nodeId(n.name).startsWith(v) },
    name(),
    label(),
    label('node.label'),
    { key: 'role', test: (n, v) => (n.spec.role ?? 'worker') === v },
    { key: 'availability', test: (n, v) => (n.spec.availability ?? 'active') === v },
  ],
  Plugin: (ctx) => [
    { key: 'id', test: (p, v) => pluginId(p.name).startsWith(v) },
    name(),
    label(),
    {
      key: 'enabled',
      test: (p, v) =>
        (p.status?.nodes ? p.status.nodes.some((n) => n.enabled) : p.spec.enabled) ===
        booleanFilter('enabled', v),
    },
    {
      // `volumedriver`, `networkdriver`…: the plugin's interface types, as `docker plugin ls -f capability=…`.
      key: 'capability',
      test: (p, v) => {
        const types = (p.spec.config ?? ctx.registry.lookup(p.spec.remote))?.interface?.types ?? []
        return types.some(
          (t) =>
            t
              .toLowerCase()
              .replace(/^docker\./, '')
              .replace(/\/.*$/, '') === v.toLowerCase(),
        )
      },
    },
  ],
  // `docker secret ls` / `docker config ls` filters: name and label.
  Secret: () => [name(), label()],
  Config: () => [name(), label()],
  Network: () => [
    { key: 'id', test: (n, v) => networkId(n).startsWith(v) },
    name(),
    label(),
    { key: 'driver', test: (n, v) => (n.spec.driver ?? 'overlay') === v },
    { key: 'scope', test: (n, v) => (n.status?.scope ?? 'swarm') === v },
  ],
  Volume: (ctx) => [
    name(),
    label(),
    { key: 'driver', test: (vol, v) => (vol.spec.driver ?? 'local') === v },
    {
      // Not mounted by any service.
      key: 'dangling',
      test: (vol, v) =>
        !ctx.services.some((s) =>
          (s.spec.mounts ?? []).some((m) => m.type === 'volume' && m.source === vol.name),
        ) === booleanFilter('dangling', v),
    },
  ],
}
