import { NAME_PATTERN } from '../model/kinds.js'

/** The label Docker puts on everything a stack deploys, naming the stack. */
export const STACK_LABEL = 'com.docker.stack.namespace'

/** Docker's stack names: what its own validation accepts, short enough for `STACK_name`. */
const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/

/** Why a stack name is refused, or undefined when it is fine. */
export function stackNameProblem(stack: string): string | undefined {
  if (STACK_NAME.test(stack)) return undefined
  return `invalid stack name ${JSON.stringify(stack)}: use letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63 characters`
}

/** A service's name in the stack: `STACK_web`. */
export function serviceName(stack: string, key: string): string {
  return `${stack}_${key}`
}

/**
 * The name of a top-level network, volume, secret or config: `name:` when given, the key
 * itself when `external: true`, else `STACK_key` — as Docker names them.
 */
export function scopedName(stack: string, key: string, entry: Record<string, unknown>): string {
  if (typeof entry.name === 'string') return entry.name
  if (entry.external === true) return key
  return `${stack}_${key}`
}

/** Why berth cannot take `name` as a metadata.name, or undefined. */
export function nameProblem(name: string): string | undefined {
  return NAME_PATTERN.test(name)
    ? undefined
    : `the name ${JSON.stringify(name)} is not a valid berth name (letters, digits, ".", "_" and "-", at most 64 characters)`
}
