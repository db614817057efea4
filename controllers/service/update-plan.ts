import type { TaskStatus, UpdateState, UpdateStatus } from '../../src/model/status.js'
import type { Stamp } from './plan-types.js'
import type { UpdateSettings } from './update-settings.js'

/** Where a replacement went, or why it fits nowhere. */
export type Placement = { readonly node: string } | { readonly reason: string }

/**
 * Finds a node for the replacement of `old`, with `old` counted as gone
 * (stop-first) or still there (start-first). A success takes that capacity,
 * so the next call sees it: the caller keeps the running account. `batch`
 * numbers the batches of one step: a start-first old task keeps counting
 * until a call of a later batch.
 */
export type PlaceReplacement = (old: TaskStatus, order: UpdateSettings['order'], batch: number) => Placement

export interface UpdateInput {
  /** The plan so far: each slot's (global: node's) current task first, then its shut-down history. */
  readonly tasks: readonly TaskStatus[]
  /** The template being rolled out. */
  readonly target: Stamp
  readonly settings: UpdateSettings
  /** Rolling back to `previousSpec`: Swarm's rollback_* states and words. */
  readonly rollback: boolean
  /** The update as the status records it. */
  readonly recorded: UpdateStatus | undefined
  /** Start a new update rather than continue the recorded one (the spec changed, or none is active). */
  readonly fresh: boolean
  readonly now: string
  /** Wall-clock milliseconds, for the delay between batches. */
  readonly nowMs: number
  readonly place: PlaceReplacement
  readonly replacementId: (old: TaskStatus) => string
  /**
   * Something the tasks were given is gone (a manifest, content): no replacement is
   * made, nothing counts as a failure, and the update says what it waits for.
   */
  readonly waitFor?: string
}

export interface UpdateStep {
  readonly tasks: TaskStatus[]
  readonly updateStatus: UpdateStatus | undefined
  /** When the next batch is due. */
  readonly requeueAfterMs?: number
  /** Failures crossed the threshold and `failureAction` is rollback: plan again toward `previousSpec`. */
  readonly rollbackNow?: boolean
  /** Old task → its replacement, in the order they were made. */
  readonly replaced: readonly { readonly old: TaskStatus; readonly task: TaskStatus }[]
  /** No task of an older template is left running. */
  readonly done: boolean
  /** This step began a new update (or rollback). */
  readonly started: boolean
}

const WORDS = {
  update: { active: 'updating', paused: 'paused', completed: 'completed', noun: 'update' },
  rollback: {
    active: 'rollback_started',
    paused: 'rollback_paused',
    completed: 'rollback_completed',
    noun: 'rollback',
  },
} as const

/**
 * Swarm's updater as one pure step: replaces the running tasks made from an
 * older template with tasks of `target`, `parallelism` slots per batch,
 * batches `delay` apart (due times are kept in `updateStatus.nextBatchAt`
 * and returned as a requeue), `order` stop-first or start-first. An old task
 * is shut down only once its replacement has a node, so an update never
 * takes a slot down for a task that cannot be placed: such a replacement is
 * a failure, and once failures pass `maxFailureRatio`, `failureAction`
 * pauses, continues, or asks for a rollback. While something the tasks were
 * given is gone (`waitFor`), an update under way neither places nor fails:
 * it waits, and goes on once that is back.
 */
export function planUpdate(input: UpdateInput): UpdateStep {
  const { settings, target } = input
  // Nothing to replace, the common case: the tasks as planned, the recorded update finished.
  if (!anyOutdated(input.tasks, target)) {
    const tasks = [...input.tasks]
    return {
      tasks,
      updateStatus: completed(input.recorded, input.now),
      replaced: [],
      done: true,
      started: false,
    }
  }
  const words = input.rollback ? WORDS.rollback : WORDS.update
  const groups = groupTasks(input.tasks)
  const groupOf = new Map(groups.map((g) => [g[0] as TaskStatus, g]))
  const current = groups.map((g) => g[0]).filter((t): t is TaskStatus => t?.desiredState === 'running')
  const outdated = current.filter((t) => t.state === 'running' && t.node && t.template !== target.template)
  const replaced: { old: TaskStatus; task: TaskStatus }[] = []
  let started = false
  const finish = (status: UpdateStatus | undefined, extra: Partial<UpdateStep> = {}): UpdateStep => ({
    tasks: groups.flat(),
    updateStatus: status,
    replaced,
    done: outdated.length === 0 || extra.done === true,
    started,
    ...extra,
  })

  let status = input.recorded
  if (outdated.length === 0) return finish(completed(status, input.now))
  if (input.fresh || !status || status.state === 'completed' || status.state === 'rollback_completed') {
    status = { state: words.active, startedAt: input.now, message: `${words.noun} in progress` }
    started = true
  } else if (status.state === 'paused' || status.state === 'rollback_paused') {
    return finish(status)
  }
  if (input.waitFor !== undefined) {
    // Held, not failed: a due batch stays due, and the change that brings it back requeues.
    return finish({ ...status, message: `${words.noun} in progress: replacements wait: ${input.waitFor}` })
  }
  if (status.nextBatchAt !== undefined) {
    const due = Date.parse(status.nextBatchAt)
    if (input.nowMs < due) return finish(status, { requeueAfterMs: due - input.nowMs })
  }
  // What it waited for last time is settled anew below.
  status = { ...withoutDue(status), message: `${words.noun} in progress` }

  const total = current.length
  let failed = 0
  let queue = outdated
  for (let batch = 0; queue.length > 0; batch++) {
    const size = settings.parallelism === 0 ? queue.length : Math.min(settings.parallelism, queue.length)
    let done = 0
    let tried = 0
    let lastFailure: { task: TaskStatus; reason: string } | undefined
    for (const old of queue) {
      if (done === size) break
      tried++
      const placement = input.place(old, settings.order, batch)
      if ('node' in placement) {
        const task = replacementOf(old, placement.node, target, input.replacementId(old))
        replace(groupOf, old, task)
        replaced.push({ old, task })
        done++
        continue
      }
      failed++
      lastFailure = { task: old, reason: placement.reason }
      if (failed / Math.max(1, total) <= settings.maxFailureRatio) continue
      // Swarm names the new task that failed; berth never made one, so the slot it was for.
      const cause = `failure or early termination of task ${old.name}: ${placement.reason}`
      if (settings.failureAction === 'pause') {
        return finish({ ...status, state: words.paused, message: `${words.noun} paused due to ${cause}` })
      }
      if (settings.failureAction === 'rollback' && !input.rollback) {
        const message = `update rolled back due to ${cause}`
        return finish({ state: 'rollback_started', startedAt: input.now, message }, { rollbackNow: true })
      }
    }
    queue = queue.slice(tried)
    if (done === 0 && lastFailure) {
      // Nothing could be placed: keep the old tasks and wait for a change that makes room.
      const message = `${words.noun} in progress: task ${lastFailure.task.name} waits: ${lastFailure.reason}`
      return finish({ ...status, message })
    }
    if (queue.length === 0) break
    if (settings.delayMs > 0) {
      const nextBatchAt = new Date(input.nowMs + settings.delayMs).toISOString()
      return finish({ ...status, nextBatchAt }, { requeueAfterMs: settings.delayMs })
    }
  }
  const left = groups.some((g) => g[0]?.desiredState === 'running' && g[0].template !== target.template)
  if (left) return finish(status)
  return finish(completed(status, input.now), { done: true })
}

/** The recorded update, finished: `completed` or `rollback_completed`, with its time. */
function completed(status: UpdateStatus | undefined, now: string): UpdateStatus | undefined {
  if (!status || status.state === 'completed' || status.state === 'rollback_completed') return status
  const rollback = status.state === 'rollback_started' || status.state === 'rollback_paused'
  const state: UpdateState = rollback ? 'rollback_completed' : 'completed'
  return {
    state,
    startedAt: status.startedAt,
    completedAt: now,
    message: rollback ? 'rollback completed' : 'update completed',
  }
}

function withoutDue(status: UpdateStatus): UpdateStatus {
  if (status.nextBatchAt === undefined) return status
  const { nextBatchAt, ...rest } = status
  return rest
}

function replacementOf(old: TaskStatus, node: string, target: Stamp, id: string): TaskStatus {
  return {
    id,
    name: old.name,
    ...(old.slot !== undefined ? { slot: old.slot } : {}),
    node,
    state: 'running',
    desiredState: 'running',
    image: target.image,
    template: target.template,
    ...(target.hostPorts ? { hostPorts: [...target.hostPorts] } : {}),
  }
}

/** The current task of `old`'s group becomes `task`; `old` heads the group's history. */
function replace(groupOf: ReadonlyMap<TaskStatus, TaskStatus[]>, old: TaskStatus, task: TaskStatus): void {
  const group = groupOf.get(old)
  if (!group) return
  const { message, ...rest } = old
  group.splice(0, 1, task, { ...rest, state: 'shutdown', desiredState: 'shutdown' })
}

/** A group is a slot's tasks (replicated) or a node's (global, or the task's name without one). */
const sameGroup = (a: TaskStatus, b: TaskStatus) =>
  a.slot !== undefined || b.slot !== undefined ? a.slot === b.slot : (a.node ?? a.name) === (b.node ?? b.name)

/** Whether a group's current task runs, on a node, made from another template than `target`'s: `outdated` below, without building groups. */
function anyOutdated(tasks: readonly TaskStatus[], target: Stamp): boolean {
  let last: TaskStatus | undefined
  for (const task of tasks) {
    const heads = !last || !sameGroup(last, task)
    last = task
    if (!heads || task.desiredState !== 'running') continue
    if (task.state === 'running' && task.node && task.template !== target.template) return true
  }
  return false
}

/** Splits a plan's task list into groups: one current task and the history that follows it. */
function groupTasks(tasks: readonly TaskStatus[]): TaskStatus[][] {
  const groups: TaskStatus[][] = []
  let last: TaskStatus | undefined
  for (const task of tasks) {
    const group = groups[groups.length - 1]
    if (group && last && sameGroup(last, task)) group.push(task)
    else groups.push([task])
    last = task
  }
  return groups
}
