import type { AnyResource, Resource } from '../../model/resource.js'
import type { Privilege } from '../../model/spec.js'
import { computePrivileges, formatPrivilege, missingPrivileges } from '../../plugins/privileges.js'
import type { Registry } from '../../plugins/registry.js'
import type { Field } from './describe-format.js'
import { conditionsSection, fieldLines, joinOrNone, labelLines, NONE, section } from './describe-format.js'
import {
  quantities,
  serviceSpecFields,
  tasksSection,
  updateSection,
  waitingSection,
} from './describe-service.js'

/**
 * `berth describe`: Name, Kind, Labels, a spec summary per kind, the status
 * fields, the Conditions table and, for a service, its tasks and why each
 * pending one waits.
 */
export function describeResource(resource: AnyResource, registry: Pick<Registry, 'lookup'>): string {
  const head = fieldLines([
    ['Name', resource.name],
    ['Kind', resource.kind],
    ['Labels', labelLines(resource.labels)],
  ])
  const { spec, status } = parts(resource, registry)
  const observed: Field[] =
    resource.status?.observedGeneration !== undefined
      ? [['Observed Generation', String(resource.status.observedGeneration)]]
      : []
  const blocks = [
    head,
    section('Spec', fieldLines(spec)),
    section('Status', resource.status ? fieldLines([...status, ...observed]) : ''),
    conditionsSection(resource.status?.conditions),
  ]
  if (resource.kind === 'Service')
    blocks.push(updateSection(resource), tasksSection(resource), waitingSection(resource))
  return blocks.filter(Boolean).join('')
}

function parts(r: AnyResource, registry: Pick<Registry, 'lookup'>): { spec: Field[]; status: Field[] } {
  switch (r.kind) {
    case 'Service': {
      const replicas = r.status?.replicas
      return {
        spec: serviceSpecFields(r.spec),
        status: replicas ? [['Replicas', `${replicas.desired} desired, ${replicas.running} running`]] : [],
      }
    }
    case 'Plugin':
      return plugin(r, registry)
    case 'Node':
      return {
        spec: [
          ['Role', r.spec.role],
          ['Availability', r.spec.availability],
          ['Resources', quantities(r.spec.resources)],
          [
            'Platform',
            [r.spec.platform?.os, r.spec.platform?.architecture].filter(Boolean).join('/') || NONE,
          ],
        ],
        status: [
          ['State', r.status?.state ?? NONE],
          ['Plugins', (r.status?.plugins ?? []).map((p) => `${p.type}: ${p.name}`).join('\n') || NONE],
          ['Tasks', String(r.status?.tasks ?? 0)],
        ],
      }
    case 'Volume':
      return {
        spec: [
          ['Driver', r.spec.driver],
          ['Driver Options', options(r.spec.driverOpts)],
          ['Nodes', r.spec.nodes ? joinOrNone(r.spec.nodes) : 'every node with the driver'],
        ],
        status: [
          ['Scope', r.status?.scope ?? NONE],
          ['Nodes', joinOrNone(r.status?.nodes)],
        ],
      }
    case 'Network':
      return {
        spec: [
          ['Driver', r.spec.driver],
          ['Attachable', String(r.spec.attachable)],
          ['IPAM Driver', r.spec.ipam.driver],
          [
            'IPAM Config',
            (r.spec.ipam.config ?? [])
              .map((c) =>
                [c.subnet && `subnet ${c.subnet}`, c.gateway && `gateway ${c.gateway}`]
                  .filter(Boolean)
                  .join(', '),
              )
              .join('\n') || NONE,
          ],
        ],
        status: [
          ['ID', r.status?.id ?? NONE],
          ['Scope', r.status?.scope ?? NONE],
          ['Nodes', joinOrNone(r.status?.nodes)],
        ],
      }
    case 'Secret':
    case 'Config':
      // The content itself is never shown: only where it comes from, its digest and size.
      return {
        spec: [['Source', r.spec.external ? 'external' : (r.spec.file ?? NONE)]],
        status: [
          ['Digest', r.status?.digest ?? NONE],
          ['Size', r.status?.size === undefined ? NONE : `${r.status.size} bytes`],
        ],
      }
  }
}

function plugin(
  r: Resource<'Plugin'>,
  registry: Pick<Registry, 'lookup'>,
): { spec: Field[]; status: Field[] } {
  const config = r.spec.config ?? registry.lookup(r.spec.remote)
  const requested: readonly Privilege[] = r.status?.privileges ?? (config ? computePrivileges(config) : [])
  const granted = r.spec.grantedPrivileges ?? []
  const missing = r.spec.grantAllPermissions ? [] : missingPrivileges(requested, granted)
  const where = r.spec.nodes
    ? joinOrNone(r.spec.nodes)
    : r.spec.nodeSelector
      ? `selector ${options(r.spec.nodeSelector)}`
      : 'every node'
  return {
    spec: [
      ['Remote', r.spec.remote],
      ['Alias', r.spec.alias ?? NONE],
      ['Enabled', String(r.spec.enabled)],
      ['Nodes', where],
      ['Privileges Requested', privilegeLines(requested)],
      [
        'Privileges Granted',
        r.spec.grantAllPermissions ? 'all (grantAllPermissions)' : privilegeLines(granted),
      ],
      ...(missing.length > 0 ? ([['Privileges Missing', privilegeLines(missing)]] as Field[]) : []),
    ],
    status: [
      ['Name', r.status?.name ?? NONE],
      ['Capabilities', joinOrNone(r.status?.capabilities)],
      ['Scope', r.status?.scope ?? NONE],
      [
        'Installed',
        (r.status?.nodes ?? []).map((n) => `${n.node} (${n.enabled ? 'enabled' : 'disabled'})`).join(', ') ||
          NONE,
      ],
    ],
  }
}

function privilegeLines(privileges: readonly Privilege[]): string {
  return privileges.length === 0 ? NONE : privileges.map((p) => `- ${formatPrivilege(p)}`).join('\n')
}

function options(map: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(map ?? {})
  return entries.length === 0 ? NONE : entries.map(([k, v]) => `${k}=${v}`).join(', ')
}
