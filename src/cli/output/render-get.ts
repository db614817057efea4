import { stringify } from 'yaml'
import type { Kind } from '../../model/kinds.js'
import type { AnyResource } from '../../model/resource.js'
import type { Registry } from '../../plugins/registry.js'
import { kindNames } from '../kind-alias.js'
import { renderCustomColumns } from './custom-columns.js'
import { getTable } from './get-table.js'
import { renderJsonPathTemplate } from './jsonpath-template.js'
import { toManifestObject } from './manifest-object.js'
import type { OutputFormat } from './output-format.js'

/**
 * `berth get`'s output: a table, `---`-separated manifests, JSON (a `List`
 * unless one resource was named), `kind/name` lines, a jsonpath template
 * over the same object JSON would print, or custom columns.
 */
export function renderGet(
  kind: Kind,
  resources: readonly AnyResource[],
  options: { single: boolean; output: OutputFormat; registry: Pick<Registry, 'lookup'>; headers?: boolean },
): string {
  const objects = resources.map(toManifestObject)
  const { output } = options
  const document = () => (options.single ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects })
  switch (output.type) {
    case 'json':
      return `${JSON.stringify(document(), null, 2)}\n`
    case 'yaml':
      return objects.map((o) => stringify(o)).join('---\n')
    case 'name':
      return resources.map((r) => `${kindNames(kind).singular}/${r.name}\n`).join('')
    case 'jsonpath':
      return renderJsonPathTemplate(output.template, document())
    case 'custom-columns':
      return resources.length === 0
        ? ''
        : withoutHeader(renderCustomColumns(output.spec, objects), options.headers)
    default:
      return resources.length === 0
        ? ''
        : withoutHeader(
            getTable(kind, resources, { wide: output.type === 'wide', registry: options.registry }),
            options.headers,
          )
  }
}

function withoutHeader(table: string, headers = true): string {
  return headers ? table : table.slice(table.indexOf('\n') + 1)
}
