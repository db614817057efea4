import type { ConditionInput } from '../../src/model/conditions.js'
import { notReady, ready } from '../../src/model/conditions.js'
import { stableId } from '../../src/model/ids.js'
import type { Resource } from '../../src/model/resource.js'
import type { NetworkStatus } from '../../src/model/status.js'
import { isBuiltinDriver } from '../../src/plugins/capabilities.js'
import { normalizePluginName } from '../../src/plugins/reference.js'
import type { Outcome, ReconcileContext } from '../../src/runtime/controller.js'
import { finishStatus } from '../../src/runtime/finish-status.js'
import { driverKey } from '../../src/view/plugin-index.js'
import { subnetConflict } from './subnets.js'

/**
 * Creates a network where its driver is: as in Swarm, a network on a plugin
 * driver exists only once the driver is enabled on at least one manager;
 * its subnets must not overlap another network's.
 */
export function reconcileNetwork(
  network: Resource<'Network'>,
  ctx: ReconcileContext,
): Outcome<NetworkStatus> {
  const driver = network.spec.driver
  const id = stableId('network', network.name)
  const nodes = ctx.view.list('Node')
  const finish = (
    fields: Omit<NetworkStatus, 'id' | 'conditions' | 'observedGeneration' | 'specDigest'>,
    c: ConditionInput,
  ) => ({
    status: finishStatus<NetworkStatus>(network, { id, ...fields }, [c], ctx.now),
  })
  let scope: 'swarm' | 'local'
  // Node names in name order, and per driver the nodes it is enabled on, from the view's index.
  const names = ctx.view.nodeNames()
  let available: string[]
  if (isBuiltinDriver('Network', driver)) {
    scope = driver === 'overlay' ? 'swarm' : 'local'
    available = [...names.all]
  } else {
    const name = normalizePluginName(driver)
    const key = driverKey('Network', driver)
    const provider = ctx.view.plugins().providers.get(key)
    const onManager = nodes.some((n) => n.spec.role === 'manager' && provider?.nodes.has(n.name))
    if (!provider || !onManager) {
      const message = `network ${network.name}: network driver ${name} not found on any manager node`
      return finish({ scope: 'swarm', nodes: [] }, notReady('DriverNotFound', message))
    }
    scope = provider.scope === 'global' ? 'swarm' : 'local'
    available = [...names.withDriver(key)]
  }
  const conflict = subnetConflict(network, ctx.view.list('Network'))
  if (conflict) {
    const message = `network ${network.name}: subnet ${conflict.subnet} overlaps ${conflict.otherSubnet} of network ${conflict.other}`
    return finish({ scope, nodes: [] }, notReady('SubnetOverlap', message))
  }
  const where = `${available.length} node${available.length === 1 ? '' : 's'}`
  return finish(
    { scope, nodes: available },
    ready('Created', `network ${network.name} (${driver}) is available on ${where}`),
  )
}
