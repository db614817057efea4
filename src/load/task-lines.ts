/**
 * A service's task lines as berth writes them into a file, and back. In memory every task
 * carries its `desiredState`, `image`, `template` and `hostPorts`; in the file a line leaves
 * out what it shares with the others:
 *
 * - `desiredState: running` (the default; `shutdown` is always written);
 * - `image`, `template` and `hostPorts` together, when all three are those of the status's
 *   `taskTemplate` (the template most task lines were made from). A line that names a
 *   `template` is read as it stands: its own image, and no host ports unless it lists them.
 *
 * So a missing field reads back as one thing only, and a status written before
 * `taskTemplate` existed reads as it always did (with `desiredState: running` where it is missing). Reading then writing gives the same value
 * back: `readStatus(kind, writtenStatus(kind, s))` deep-equals `s`.
 */
import type { Kind } from '../model/kinds.js'

/** What task lines share: the template they were made from, its image and host ports. */
interface Shared {
  template: string
  image?: string
  hostPorts?: string[]
}

type Line = Record<string, unknown>

/** The key under which a written status names what its task lines share. */
const SHARED_KEY = 'taskTemplate'

/** The order of a task line's fields, as the controllers make them. */
const TASK_ORDER = [
  'id',
  'name',
  'slot',
  'node',
  'state',
  'desiredState',
  'message',
  'image',
  'template',
  'hostPorts',
]

/** The status as written into the file: task lines without what they share. */
export function writtenStatus(kind: Kind, status: unknown): unknown {
  const tasks = serviceTasks(kind, status)
  if (!tasks) return status
  // A line without a template (written before templates were recorded) would read back as
  // the shared one: then every line is written whole.
  const shared = tasks.some((task) => task.template === undefined) ? undefined : mostShared(tasks)
  const lines = tasks.map((task) => {
    const line: Line = { ...task }
    if (line.desiredState === 'running') delete line.desiredState
    if (shared && sameStamp(task, shared)) {
      delete line.image
      delete line.template
      delete line.hostPorts
    }
    return line
  })
  const out: Line = {}
  for (const [key, value] of Object.entries(status as Line)) {
    if (key === 'tasks') {
      if (shared) out[SHARED_KEY] = shared
      out.tasks = lines
    } else if (key !== SHARED_KEY) out[key] = value
  }
  return out
}

/** The status as berth works with it: every task line complete. */
export function readStatus(kind: Kind, status: unknown): unknown {
  const tasks = serviceTasks(kind, status)
  if (!tasks) return status
  const given = (status as Line)[SHARED_KEY]
  const shared = isShared(given) ? given : undefined
  const out: Line = {}
  for (const [key, value] of Object.entries(status as Line)) {
    if (key === SHARED_KEY) continue
    out[key] = key === 'tasks' ? tasks.map((task) => completeLine(task, shared)) : value
  }
  return out
}

function completeLine(task: Line, shared: Shared | undefined): Line {
  const full: Line = { ...task, desiredState: task.desiredState ?? 'running' }
  if (shared && task.template === undefined) {
    if (shared.image !== undefined) full.image = shared.image
    full.template = shared.template
    if (shared.hostPorts !== undefined) full.hostPorts = [...shared.hostPorts]
  }
  const ordered: Line = {}
  for (const key of TASK_ORDER) if (full[key] !== undefined) ordered[key] = full[key]
  for (const [key, value] of Object.entries(full)) if (!(key in ordered)) ordered[key] = value
  return ordered
}

/** A service status's task lines (mappings only); undefined for anything else. */
function serviceTasks(kind: Kind, status: unknown): Line[] | undefined {
  if (kind !== 'Service' || !isLine(status) || !Array.isArray(status.tasks)) return undefined
  return status.tasks.every(isLine) ? (status.tasks as Line[]) : undefined
}

/** The stamp most task lines carry (the first such, on a tie); undefined when no line has a template. */
function mostShared(tasks: readonly Line[]): Shared | undefined {
  const counts = new Map<string, { shared: Shared; count: number }>()
  let best: { shared: Shared; count: number } | undefined
  for (const task of tasks) {
    if (typeof task.template !== 'string') continue
    const shared: Shared = {
      template: task.template,
      ...(typeof task.image === 'string' ? { image: task.image } : {}),
      ...(Array.isArray(task.hostPorts) ? { hostPorts: task.hostPorts as string[] } : {}),
    }
    const key = JSON.stringify([shared.template, shared.image, shared.hostPorts])
    const entry = counts.get(key) ?? { shared, count: 0 }
    entry.count++
    counts.set(key, entry)
    if (!best || entry.count > best.count) best = entry
  }
  return best?.shared
}

function sameStamp(task: Line, shared: Shared): boolean {
  return (
    task.template === shared.template &&
    task.image === shared.image &&
    JSON.stringify(task.hostPorts) === JSON.stringify(shared.hostPorts)
  )
}

function isShared(value: unknown): value is Shared {
  return isLine(value) && typeof value.template === 'string'
}

function isLine(value: unknown): value is Line {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
