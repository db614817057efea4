import type { Resource } from '../../model/resource.js'
import type { TaskStatus } from '../../model/status.js'
import { normalizePluginName } from '../../plugins/reference.js'
import { renderTable } from '../table.js'
import { ellipsis } from './ellipsis.js'
import { hostPortsColumn } from './ports-column.js'
import { quietLines } from './quiet-lines.js'

/** Docker cuts a task's error to this many characters unless `--no-trunc`. */
const MAX_ERROR_LENGTH = 30

/** One task and the service it belongs to; `history` when it is an older task of the same slot. */
export interface TaskRow {
  readonly service: Resource<'Service'>
  readonly task: TaskStatus
  readonly history: boolean
}

/**
 * The tasks of the given services as `docker service ps` orders them: each
 * slot's current task, then its shut-down predecessors (marked `\_ `).
 */
export function serviceTasks(services: readonly Resource<'Service'>[]): TaskRow[] {
  return services.flatMap((service) => {
    const tasks = service.status?.tasks ?? []
    const key = (t: TaskStatus) => (t.slot !== undefined ? `slot ${t.slot}` : `node ${t.node ?? t.name}`)
    const current = new Set(tasks.filter((t) => t.desiredState === 'running').map(key))
    // Each slot sorts where its current task stands; its history right after it.
    const position = new Map<string, number>()
    tasks.forEach((t, i) => {
      const k = key(t)
      if (!position.has(k) && (t.desiredState === 'running' || !current.has(k))) position.set(k, i)
    })
    return tasks
      .map((task) => ({ service, task, history: task.desiredState === 'shutdown' && current.has(key(task)) }))
      .map((row, i) => ({ row, rank: (position.get(key(row.task)) ?? i) * 2 + (row.history ? 1 : 0), i }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map(({ row }) => row)
  })
}

/** Options shared by `service ps` and `node ps`. */
export interface TaskPsOptions {
  /** Full ids and errors, as `--no-trunc`. */
  readonly noTrunc?: boolean
}

/**
 * `docker service ps` / `docker node ps`: ID, NAME, IMAGE, NODE, DESIRED
 * STATE, CURRENT STATE, ERROR, PORTS. Each task shows the image it was made
 * from, history lines included. There are no timestamps, so CURRENT STATE is
 * just the state word.
 */
function taskPs(rows: readonly TaskRow[], options: TaskPsOptions = {}): string {
  const table = rows.map(({ service, task, history }) => {
    const error = task.state === 'running' ? '' : (task.message ?? '')
    const shown = options.noTrunc ? error : ellipsis(error, MAX_ERROR_LENGTH)
    return [
      options.noTrunc ? task.id : taskId(task.id),
      `${history ? '\\_ ' : ''}${task.name}`,
      normalizePluginName(task.image ?? service.spec.image),
      task.node ?? '',
      title(task.desiredState),
      title(task.state),
      shown ? `"${shown}"` : '',
      task.state === 'running' ? hostPortsColumn(service.status?.ports, task.hostPorts, task.template) : '',
    ]
  })
  return renderTable(
    ['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'],
    table,
  )
}

/** What `service ps`, `node ps` and `stack ps` print: the table, or with `-q` the ids alone. */
export function taskPsOutput(rows: readonly TaskRow[], options: TaskPsOptions & { quiet?: boolean }): string {
  if (!options.quiet) return taskPs(rows, options)
  return quietLines(rows.map((r) => (options.noTrunc ? r.task.id : taskId(r.task.id))))
}

/** A task's id as Docker shows it: 12 characters. */
function taskId(id: string): string {
  return id.slice(0, 12)
}

function title(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}
