import type { ConditionInput } from '../../src/model/conditions.js'
import { notReady, ready } from '../../src/model/conditions.js'
import { nameList } from '../../src/model/name-list.js'
import type { Resource } from '../../src/model/resource.js'
import type { VolumeStatus } from '../../src/model/status.js'
import { isBuiltinDriver } from '../../src/plugins/capabilities.js'
import { normalizePluginName } from '../../src/plugins/reference.js'
import type { Outcome, ReconcileContext } from '../../src/runtime/controller.js'
import { finishStatus } from '../../src/runtime/finish-status.js'
import { driverKey } from '../../src/view/plugin-index.js'

/**
 * Works out where a volume exists. A local-scope volume exists on the nodes
 * it was created on (`spec.nodes`, or every node with the driver) that have
 * its driver enabled; a global-scope one is reachable wherever its driver is.
 */
export function reconcileVolume(volume: Volume, ctx: ReconcileContext): Outcome<VolumeStatus> {
  const driver = volume.spec.driver
  const finish = (fields: Pick<VolumeStatus, 'scope' | 'nodes'>, condition: ConditionInput) => ({
    status: finishStatus<VolumeStatus>(volume, fields, [condition], ctx.now),
  })
  const names = ctx.view.nodeNames()
  let available: ReadonlySet<string>
  // Every node with the driver, in name order (the view keeps one array per driver).
  let withDriver: readonly string[]
  let scope: 'local' | 'global' = 'local'
  if (isBuiltinDriver('Volume', driver)) {
    available = names.has
    withDriver = names.all
  } else {
    const key = driverKey('Volume', driver)
    const provider = ctx.view.plugins().providers.get(key)
    if (!provider || provider.nodes.size === 0) {
      const name = normalizePluginName(driver)
      const why = ctx.view.plugins().declared.has(name)
        ? 'is not enabled on any node'
        : 'is not installed on any node'
      return finish(
        { scope, nodes: [] },
        notReady('DriverNotFound', `volume ${volume.name}: volume driver ${name} ${why}`),
      )
    }
    available = provider.nodes
    withDriver = names.withDriver(key)
    scope = provider.scope
  }
  if (scope === 'global') {
    const nodes = [...withDriver]
    return finish(
      { scope, nodes },
      ready('Available', `volume ${volume.name} is reachable from ${count(nodes.length)}`),
    )
  }
  const existing = names.has
  // Without `spec.nodes` the volume is on every node with the driver: none absent, none without it.
  const requested = volume.spec.nodes ? [...new Set(volume.spec.nodes)].sort() : undefined
  const nodes = requested ? requested.filter((n) => existing.has(n) && available.has(n)) : [...withDriver]
  const absent = requested ? requested.filter((n) => !existing.has(n)) : []
  const noDriver = requested ? requested.filter((n) => existing.has(n) && !available.has(n)) : []
  if (absent.length > 0 || noDriver.length > 0) {
    const parts = [
      ...(absent.length > 0 ? [`node${absent.length === 1 ? '' : 's'} ${nameList(absent)} not found`] : []),
      ...(noDriver.length > 0
        ? [`driver ${normalizePluginName(driver)} not enabled on ${nameList(noDriver)}`]
        : []),
    ]
    const reason = noDriver.length > 0 ? 'DriverNotAvailable' : 'NodeNotFound'
    return finish(
      { scope, nodes },
      notReady(reason, `volume ${volume.name}: ${parts.join('; ')}; exists on ${count(nodes.length)}`),
    )
  }
  if (nodes.length === 0)
    return finish(
      { scope, nodes },
      notReady('NoNodes', `volume ${volume.name} exists on no node: there are no nodes`),
    )
  return finish({ scope, nodes }, ready('Available', `volume ${volume.name} exists on ${nameList(nodes)}`))
}

type Volume = Resource<'Volume'>

const count = (n: number) => `${n} node${n === 1 ? '' : 's'}`
