import { ready } from '../../src/model/conditions.js'
import type { Resource } from '../../src/model/resource.js'
import type { NodeStatus } from '../../src/model/status.js'
import type { Outcome, ReconcileContext } from '../../src/runtime/controller.js'
import { finishStatus } from '../../src/runtime/finish-status.js'

const availabilityReason = { active: 'Active', pause: 'Paused', drain: 'Drained' } as const
const availabilityNote = {
  active: 'takes new tasks',
  pause: 'keeps its tasks but takes no new ones',
  drain: 'runs no tasks',
} as const

/** Reports what a node advertises: its enabled plugins and how many tasks it runs. */
export function reconcileNode(node: Resource<'Node'>, ctx: ReconcileContext): Outcome<NodeStatus> {
  const availability = node.spec.availability
  const plugins = (ctx.view.plugins().byNode.get(node.name) ?? []).map((p) => ({
    type: p.type,
    name: p.name,
  }))
  const tasks = ctx.view.load(node.name).tasks
  const condition = ready(
    availabilityReason[availability],
    `node ${node.name} is ready and ${availabilityNote[availability]}`,
  )
  return { status: finishStatus<NodeStatus>(node, { state: 'ready', plugins, tasks }, [condition], ctx.now) }
}
