import type { Kind } from '../model/kinds.js'

type Path = readonly (string | number)[]
type Issue = { readonly path: Path; readonly message: string }

/** What berth keeps of a status it found, and why it replaces the rest. */
export interface OwnStatus {
  /** The status to start from: the one found, the tasks salvaged from it, or none. */
  readonly status: unknown
  /** Why the status found is not (all) berth's own; undefined when it is. */
  readonly foreign: string | undefined
  /** For a service, how many of the tasks found were kept, e.g. `7 of 8 tasks`. */
  readonly kept?: string
}

/**
 * Berth owns `status`: what it finds there is its own last output, or it is
 * replaced. A status berth could not have written (wrong types, unknown
 * fields or values, a list, a string) or that describes another resource (a
 * file copied or renamed in place) is never a reason to refuse the file.
 *
 * Everything in a status is recomputed on the next reconcile except a
 * service's tasks, which carry identity (ids, slots, nodes): the tasks that
 * are still well-formed and belong to this service are kept, so a status
 * written by another berth version (a field this one does not know) moves
 * no running task. `revalidate` checks a candidate status the way the loader
 * checks a document's.
 */
export function ownStatus(
  kind: Kind,
  name: string,
  status: unknown,
  issues: readonly Issue[],
  revalidate: (status: unknown) => readonly Issue[],
): OwnStatus {
  if (status === undefined || status === null) return { status: undefined, foreign: undefined }
  const [first] = issues
  if (!first) {
    const foreign = kind === 'Service' ? foreignTask(name, tasksOf(status)) : undefined
    return foreign ? salvage(name, status, foreign, revalidate) : { status, foreign: undefined }
  }
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
  const why = `${first.message}${more}`
  return kind === 'Service' ? salvage(name, status, why, revalidate) : { status: undefined, foreign: why }
}

/** Keeps the service's own, well-formed tasks (minus fields this version does not know); drops the rest. */
function salvage(
  service: string,
  status: unknown,
  why: string,
  revalidate: (status: unknown) => readonly Issue[],
): OwnStatus {
  const tasks = tasksOf(status)
  if (tasks.length === 0) return { status: undefined, foreign: why }
  // First pass: drop each field a problem points at inside a task (an unknown field, a bad value).
  const cleaned = tasks.map((task) => (isRecord(task) ? { ...task } : task))
  for (const issue of revalidate({ tasks: cleaned })) {
    const [, , index, field] = issue.path
    const task = typeof index === 'number' ? cleaned[index] : undefined
    if (isRecord(task) && typeof field === 'string' && issue.path.length === 4) delete task[field]
  }
  // Second pass: a task still wrong (a required field gone, not a mapping) is dropped whole.
  const bad = new Set<number>()
  for (const issue of revalidate({ tasks: cleaned })) {
    const index = issue.path[2]
    if (issue.path[1] === 'tasks' && typeof index === 'number') bad.add(index)
    else return { status: undefined, foreign: why }
  }
  const seen = new Set<string>()
  const kept = cleaned.filter((task, i) => {
    if (bad.has(i) || !isRecord(task) || foreignTask(service, [task]) || seen.has(String(task.id)))
      return false
    seen.add(String(task.id))
    return true
  })
  return {
    status: kept.length > 0 ? { tasks: kept } : undefined,
    foreign: why,
    kept: `${kept.length} of ${tasks.length} task${tasks.length === 1 ? '' : 's'}`,
  }
}

/**
 * Task names and ids belong to the service's current name: `svc.<slot>`
 * (replicated) or `svc.<node>` (global), each id once. A status naming
 * another service's tasks came with a copied or renamed file.
 */
function foreignTask(service: string, tasks: readonly unknown[]): string | undefined {
  const ids = new Set<unknown>()
  for (const task of tasks) {
    if (!isRecord(task)) continue
    const own =
      (task.slot !== undefined && task.name === `${service}.${task.slot}`) ||
      (task.node !== undefined && task.name === `${service}.${task.node}`)
    if (!own) return `status.tasks: ${JSON.stringify(task.name)} is not a task of service ${service}`
    if (ids.has(task.id)) return `status.tasks: task id ${String(task.id)} appears twice`
    ids.add(task.id)
  }
  return undefined
}

function tasksOf(status: unknown): readonly unknown[] {
  const tasks = isRecord(status) ? status.tasks : undefined
  return Array.isArray(tasks) ? tasks : []
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
