/**
 * Resource fit, the one rule every placement and eviction uses: a task fits
 * on a node when, for each resource the task reserves, what is reserved there
 * already plus the task's reservation stays within the node's capacity.
 * An unset capacity is unlimited; a resource the task does not reserve never
 * turns it away, so a task reserving nothing fits even an overcommitted node.
 */

/** CPUs in nano-CPUs and memory in bytes. */
export interface Reserved {
  readonly cpus: number
  readonly memory: number
}

/** A node's capacity: undefined is unlimited. */
export interface Capacity {
  readonly cpus: number | undefined
  readonly memory: number | undefined
}

/** Whether a task reserving `task` fits beside `used` on a node of `capacity`. */
export function fits(capacity: Capacity, used: Reserved, task: Reserved): boolean {
  return fitsBeside(capacity, used.cpus, used.memory, task)
}

/** Whether a task reserves nothing: then it fits on any node, whatever is used there (see `fits`). */
export function reservesNothing(task: Reserved): boolean {
  return task.cpus <= 0 && task.memory <= 0
}

/** `fits`, with what is used given as numbers: the placement loop's form, with no object per check. */
export function fitsBeside(
  capacity: Capacity,
  usedCpus: number,
  usedMemory: number,
  task: Reserved,
): boolean {
  return fitsIn(capacity.cpus, usedCpus, task.cpus) && fitsIn(capacity.memory, usedMemory, task.memory)
}

/** The resources `task` reserves that do not fit beside `used`, as `fits` judges them. */
export function lacking(capacity: Capacity, used: Reserved, task: Reserved): ('cpus' | 'memory')[] {
  const out: ('cpus' | 'memory')[] = []
  if (!fitsIn(capacity.cpus, used.cpus, task.cpus)) out.push('cpus')
  if (!fitsIn(capacity.memory, used.memory, task.memory)) out.push('memory')
  return out
}

/** Whether what is reserved on a node already exceeds its capacity (a node that shrank). */
export function overcommitted(capacity: Capacity, used: Reserved): boolean {
  return !fits(capacity, NOTHING, used)
}

const NOTHING: Reserved = { cpus: 0, memory: 0 }

function fitsIn(capacity: number | undefined, used: number, wanted: number): boolean {
  return wanted <= 0 || capacity === undefined || used + wanted <= capacity
}
