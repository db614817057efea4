import type { Kind } from '../../model/kinds.js'
import type { AnyResource } from '../../model/resource.js'
import { compileDefaults } from '../../model/schema-defaults.js'
import type { PluginSpec } from '../../model/spec.js'
import { isStale, STALE_MARK } from '../../model/staleness.js'
import type { Condition } from '../../model/status.js'
import type { Registry } from '../../plugins/registry.js'
import { renderTable } from '../table.js'
import { crdView } from './crd-printer-columns.js'
import { evalJsonPath, formatJsonPathValues } from './json-path.js'
import type { ManifestObject } from './manifest-object.js'
import { toManifestObject } from './manifest-object.js'

/** An extra column `-o wide` adds for a kind: a header and how to compute the cell. */
interface WideColumn {
  readonly name: string
  readonly cell: (resource: AnyResource) => string
}

const readyReason = (r: AnyResource) => readyOf(r)?.reason ?? ''
const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? values.join(',') : '')

/** `-o wide`'s extra columns per kind: where things are and why they are not ready. */
const WIDE: Record<Kind, readonly WideColumn[]> = {
  Service: [
    { name: 'Nodes', cell: (r) => (r.kind === 'Service' ? tasksPerNode(r) : '') },
    { name: 'Networks', cell: (r) => (r.kind === 'Service' ? list(r.spec.networks) : '') },
    { name: 'Reason', cell: readyReason },
  ],
  Node: [
    { name: 'Platform', cell: (r) => (r.kind === 'Node' ? platformOf(r.spec.platform) : '') },
    { name: 'Labels', cell: (r) => labelsOf(r.labels) },
    { name: 'Plugins', cell: (r) => (r.kind === 'Node' ? list(r.status?.plugins?.map((p) => p.name)) : '') },
  ],
  Plugin: [
    { name: 'Remote', cell: (r) => (r.kind === 'Plugin' ? r.spec.remote : '') },
    {
      name: 'Nodes',
      cell: (r) =>
        r.kind === 'Plugin' ? list(r.status?.nodes?.filter((n) => n.enabled).map((n) => n.node)) : '',
    },
    { name: 'Reason', cell: readyReason },
  ],
  Volume: [
    { name: 'Nodes', cell: (r) => (r.kind === 'Volume' ? list(r.status?.nodes) : '') },
    { name: 'Reason', cell: readyReason },
  ],
  Network: [
    {
      name: 'Subnet',
      cell: (r) => (r.kind === 'Network' ? list(r.spec.ipam.config?.flatMap((c) => c.subnet ?? [])) : ''),
    },
    { name: 'Nodes', cell: (r) => (r.kind === 'Network' ? list(r.status?.nodes) : '') },
    { name: 'Reason', cell: readyReason },
  ],
  Secret: [{ name: 'Reason', cell: readyReason }],
  Config: [{ name: 'Reason', cell: readyReason }],
}

/**
 * `berth get KIND` as a table: NAME, then the CRD's printer columns
 * evaluated against each resource (with the schema's defaults applied, as
 * the API server would), kubectl's `<none>` for an empty cell; `wide` adds
 * the printer columns of higher priority and berth's own extra columns.
 */
export function getTable(
  kind: Kind,
  resources: readonly AnyResource[],
  options: { wide: boolean; registry: Pick<Registry, 'lookup'> },
): string {
  const { columns, schema } = crdView(kind)
  const shown = columns.filter((c) => options.wide || c.priority === 0)
  const extra = options.wide ? WIDE[kind] : []
  // A printer column called Name (the plugin's name:tag) would repeat the NAME header.
  const header = (name: string) => (name.toUpperCase() === 'NAME' ? `${kind} ${name}` : name).toUpperCase()
  const headers = ['NAME', ...shown.map((c) => header(c.name)), ...extra.map((c) => header(c.name))]
  const withDefaults = compileDefaults(schema)
  const rows = resources.map((resource) => {
    const object = withDefaults(withCatalogConfig(toManifestObject(resource), options.registry))
    // A cell read from a status that describes an older spec says so.
    const stale = isStale(resource) ? STALE_MARK : ''
    const cells = shown.map((c) => {
      const text = formatJsonPathValues(evalJsonPath(object, c.jsonPath))
      return text && c.jsonPath.startsWith('.status') ? text + stale : text
    })
    return [resource.name, ...cells, ...extra.map((c) => c.cell(resource))].map((cell) => cell || '<none>')
  })
  return renderTable(headers, rows)
}

/** A Plugin without an inline config shows the catalog's (its description), as `docker plugin ls` would. */
function withCatalogConfig(object: ManifestObject, registry: Pick<Registry, 'lookup'>): ManifestObject {
  if (object.kind !== 'Plugin') return object
  const spec = object.spec as PluginSpec
  const config = spec.config ?? registry.lookup(spec.remote)
  return config ? { ...object, spec: { ...spec, config } } : object
}

function readyOf(resource: AnyResource): Condition | undefined {
  return resource.status?.conditions?.find((c) => c.type === 'Ready')
}

/** `node1:4,node2:4`: where a service's running tasks are. */
function tasksPerNode(service: AnyResource & { kind: 'Service' }): string {
  const counts = new Map<string, number>()
  for (const t of service.status?.tasks ?? [])
    if (t.desiredState === 'running' && t.node) counts.set(t.node, (counts.get(t.node) ?? 0) + 1)
  return [...counts].map(([node, n]) => `${node}:${n}`).join(',')
}

function platformOf(platform: { os?: string; architecture?: string } | undefined): string {
  return [platform?.os, platform?.architecture].filter(Boolean).join('/')
}

function labelsOf(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}
