import type { ClusterPlan, ClusterShape } from './cluster-plan.js'
import { planCluster } from './cluster-plan.js'
import type { GeneratedFile } from './templates.js'
import { renderCluster } from './templates.js'

/** A generated cluster: its plan (what should happen) and its files. */
export interface GeneratedCluster {
  readonly plan: ClusterPlan
  readonly files: readonly GeneratedFile[]
}

export function generateCluster(shape: ClusterShape, seed: number): GeneratedCluster {
  const plan = planCluster(shape, seed)
  return { plan, files: renderCluster(plan) }
}

/** Plugins come in a fixed set of five files. */
const PLUGIN_FILES = 5

/**
 * A cluster of about `files` files: a fifth nodes, a few networks and
 * volumes, the rest services averaging eight tasks each.
 */
export function shapeForFiles(files: number): ClusterShape {
  const nodes = Math.max(6, Math.round(files * 0.2))
  const networks = Math.min(24, Math.max(3, Math.round(files * 0.003)))
  const volumes = Math.max(5, Math.round(files * 0.02))
  const services = Math.max(4, files - PLUGIN_FILES - nodes - networks - volumes)
  return { nodes, services, tasks: services * 8, networks, volumes }
}

/** The scheduler figure's cluster: `nodes` nodes, `tasks` tasks over `services` services. */
export function shapeForScheduler(nodes: number, services: number, tasks: number): ClusterShape {
  return { nodes, services, tasks, networks: 12, volumes: Math.max(10, Math.round(services / 10)) }
}
