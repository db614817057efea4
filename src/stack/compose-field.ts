import type { ComposePath } from './compose-path.js'

type Data = Record<string, unknown>

/** Where a Service's spec field comes from in its compose entry (as `convert-service.ts` maps it). */
const SERVICE_FIELDS: Readonly<Record<string, ComposePath>> = {
  image: ['image'],
  command: ['entrypoint'],
  args: ['command'],
  env: ['environment'],
  containerLabels: ['labels'],
  mode: ['deploy', 'mode'],
  replicas: ['deploy', 'replicas'],
  placement: ['deploy', 'placement'],
  resources: ['deploy', 'resources'],
  updateConfig: ['deploy', 'update_config'],
  rollbackConfig: ['deploy', 'rollback_config'],
  networks: ['networks'],
  mounts: ['volumes'],
  ports: ['ports'],
  logDriver: ['logging'],
}

/** compose's spelling of a berth key below `deploy`: `maxReplicasPerNode` is `max_replicas_per_node`. */
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/**
 * The place in the compose data that a problem berth found in a converted Service's spec is
 * about: `spec.replicas` at `services.web.deploy.replicas`, `spec.ports[1].published` at
 * `services.web.ports[1]`. A list item is named only when the compose list has as many items
 * as the spec's (else the list itself: a port range or a skipped entry shifts the indexes);
 * a field not mapped is the entry itself. The caller finds the deepest part that exists.
 */
export function composeFieldOf(
  resource: { readonly path: ComposePath; readonly spec: unknown },
  specPath: readonly (string | number)[],
  compose: Data,
): ComposePath {
  const [top, field, index] = specPath
  const base = top === 'spec' && typeof field === 'string' ? SERVICE_FIELDS[field] : undefined
  if (!base || field === undefined) return resource.path
  const at = [...resource.path, ...base]
  if (typeof index !== 'number')
    return [...at, ...specPath.slice(2).map((k) => (typeof k === 'string' ? snake(k) : k))]
  const list = valueAt(compose, at)
  const items = valueAt(resource.spec, [field])
  return Array.isArray(list) && Array.isArray(items) && list.length === items.length ? [...at, index] : at
}

function valueAt(data: unknown, path: ComposePath): unknown {
  let node = data
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Data)[key] : undefined
  return node
}
