import type { ConditionInput } from '../../src/model/conditions.js'
import { notReady, ready } from '../../src/model/conditions.js'
import { nameList } from '../../src/model/name-list.js'
import type { Resource } from '../../src/model/resource.js'
import type { PluginConfig } from '../../src/model/spec.js'
import type { PluginStatus } from '../../src/model/status.js'
import { pluginCapabilities } from '../../src/plugins/capabilities.js'
import {
  computePrivileges,
  formatPrivilege,
  missingPrivileges,
  privilegesEqual,
} from '../../src/plugins/privileges.js'
import { pluginName } from '../../src/plugins/reference.js'
import type { Outcome, ReconcileContext } from '../../src/runtime/controller.js'
import { finishStatus } from '../../src/runtime/finish-status.js'
import { takenNodes } from './name-conflicts.js'
import { targetNodes } from './target-nodes.js'

/**
 * Installs a plugin where it is wanted, once its privileges are granted:
 * what it is comes from `spec.config` or the catalog; privileges are computed
 * as `docker plugin install` lists them; nothing is installed until the grant
 * equals the request.
 */
export function reconcilePlugin(plugin: Resource<'Plugin'>, ctx: ReconcileContext): Outcome<PluginStatus> {
  const { spec } = plugin
  const name = pluginName(spec)
  const finish = (
    fields: Omit<PluginStatus, 'conditions' | 'observedGeneration' | 'specDigest'>,
    cond: ConditionInput,
  ) => ({
    status: finishStatus<PluginStatus>(plugin, fields, [cond], ctx.now),
  })
  const config: PluginConfig | undefined = spec.config ?? ctx.registry.lookup(spec.remote)
  if (!config) {
    const message = `plugin ${plugin.name}: ${spec.remote} is not in the plugin registry; give spec.config or add it with --registry DIR`
    return finish({ name, nodes: [] }, notReady('PluginNotFound', message))
  }
  const privileges = computePrivileges(config)
  const described = {
    name,
    capabilities: pluginCapabilities(config),
    scope: config.scope ?? 'local',
    privileges,
  } as const
  const granted = spec.grantAllPermissions || privilegesEqual(privileges, spec.grantedPrivileges ?? [])
  if (!granted) {
    const missing = missingPrivileges(privileges, spec.grantedPrivileges ?? [])
    const detail =
      missing.length > 0
        ? `requests privileges that are not granted: ${missing.map(formatPrivilege).join(', ')}`
        : `grantedPrivileges must equal the privileges it requests: ${privileges.map(formatPrivilege).join(', ') || 'none'}`
    const message = `plugin ${name} ${detail}; set grantAllPermissions: true or list them in grantedPrivileges`
    return finish({ ...described, nodes: [] }, notReady('PrivilegesNotGranted', message))
  }
  const enabled = spec.enabled
  const all = ctx.view.list('Node')
  const target = targetNodes(spec, all)
  const taken = takenNodes(plugin, ctx.view.list('Plugin'), all)
  const nodes = target.nodes.filter((node) => !taken.has(node))
  const { missing } = target
  const fields = { ...described, nodes: nodes.map((node) => ({ node, enabled })) }
  if (taken.size > 0 && nodes.length < target.nodes.length) {
    const clash = target.nodes
      .filter((node) => taken.has(node))
      .map((node) => `${node} (Plugin ${taken.get(node)})`)
    const message = `plugin ${plugin.name}: the name ${name} is already used on ${nameList(clash)}; Docker allows one plugin per name on a node — give one of them another alias; installed on ${nodes.length} of ${target.nodes.length}`
    return finish(fields, notReady('NameConflict', message))
  }
  if (missing.length > 0) {
    const message = `plugin ${name}: node${missing.length === 1 ? '' : 's'} ${nameList(missing)} not found; installed on ${nodes.length} of ${nodes.length + missing.length}`
    return finish(fields, notReady('NodeNotFound', message))
  }
  const where = `${nodes.length} node${nodes.length === 1 ? '' : 's'}`
  return enabled
    ? finish(fields, ready('Enabled', `plugin ${name} is installed and enabled on ${where}`))
    : finish(fields, ready('Disabled', `plugin ${name} is installed but disabled on ${where}`))
}
