import type { Kind } from '../model/kinds.js'
import type { NodeSet } from '../scheduler/node-set.js'
import { buildNodeSet } from '../scheduler/node-set.js'
import type { LoadArrays, NodeLoad } from '../scheduler/types.js'
import type { ReadStore, Store } from '../store/store.js'
import { createLoadIndex } from './load-index.js'
import type { NodeNames } from './node-names.js'
import { buildNodeNames } from './node-names.js'
import type { PluginIndex } from './plugin-index.js'
import { buildPluginIndex } from './plugin-index.js'
import type { PortIndex } from './port-index.js'
import { createPortIndex } from './port-index.js'
import { buildSchedNodes } from './sched-nodes.js'
import { buildServiceRefs } from './service-refs.js'
import type { ServiceSets } from './service-sets.js'
import { createServiceSets } from './service-sets.js'

/**
 * The read-only view controllers reconcile against: the store plus derived
 * indexes, each rebuilt only when a kind it reads has changed.
 */
export interface View extends ReadStore {
  plugins(): PluginIndex
  /** Node names, and per driver the nodes it is enabled on: rebuilt when nodes or plugins change. */
  nodeNames(): NodeNames
  /** The scheduler's nodes, grouped into classes. */
  nodeSet(): NodeSet
  /** Load on a node from every service's tasks, as their statuses stand. */
  load(node: string): Readonly<NodeLoad>
  /** Loads by `SchedNode.loadSlot`, for the scheduler's fast path. */
  loadArrays(): LoadArrays
  /** Services whose placement other services' load can change. */
  readonly services: ServiceSets
  /** Who publishes which port, on which node. */
  readonly ports: PortIndex
  /** The services naming a Network, Volume, Secret or Config, in name order: rebuilt when Service specs change. */
  servicesNaming(kind: Kind, name: string): readonly string[]
}

export function createView(store: Store): View {
  const loads = createLoadIndex(store)
  const services = createServiceSets(store)
  const ports = createPortIndex(store)
  const plugins = memo(
    () => [store.version('Plugin')],
    () => buildPluginIndex(store.list('Plugin')),
  )
  const nodeNames = memo(
    () => [store.specVersion('Node'), store.version('Plugin')],
    () => buildNodeNames(store.list('Node'), plugins()),
  )
  // Node statuses change with every placement; only Node specs shape the scheduler's nodes.
  const nodeSet = memo(
    () => [store.specVersion('Node'), store.version('Plugin'), store.version('Volume')],
    () => buildNodeSet(buildSchedNodes(store.list('Node'), plugins(), store.list('Volume'), loads.slotOf)),
  )
  const serviceRefs = memo(
    () => [store.specVersion('Service')],
    () => buildServiceRefs(store.list('Service')),
  )
  return {
    get: (kind, name) => store.get(kind, name),
    list: (kind) => store.list(kind),
    version: (kind) => store.version(kind),
    specVersion: (kind) => store.specVersion(kind),
    plugins,
    nodeNames,
    nodeSet,
    load: (node) => loads.load(node),
    loadArrays: () => loads.arrays(),
    services,
    ports,
    servicesNaming: (kind, name) => serviceRefs().get(kind)?.get(name) ?? NONE,
  }
}

const NONE: readonly string[] = Object.freeze([])

/** Caches `build` until one of the versions it depends on changes. */
function memo<T>(versionsOf: () => number[], build: () => T): () => T {
  let versions: number[] | undefined
  let value: T | undefined
  return () => {
    const now = versionsOf()
    if (!versions || now.some((v, i) => v !== versions?.[i])) {
      value = build()
      versions = now
    }
    return value as T
  }
}
