/**
 * Placement constraints (`node.labels.zone==a`) and the node attributes they and spread
 * preferences name, parsed the way Swarm parses them (swarmkit `manager/constraint`).
 */

/** One parsed constraint; `key` is normalised (see `parseNodeAttribute`). */
export interface Constraint {
  key: string
  operator: '==' | '!='
  value: string
}

/** The attributes a constraint may name, besides `node.labels.<key>`. */
const NODE_ATTRIBUTES = ['node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch']
const NODE_LABEL_PREFIX = 'node.labels.'
const ENGINE_LABEL_PREFIX = 'engine.labels.'

const OPERATORS = ['==', '!='] as const
// Swarm's own patterns for keys and values.
const KEY = /^[a-z_][a-z0-9\-_.]+$/i
const VALUE = /^[a-z0-9:\-_\s.*()?+[\]\\^$|/]+$/i
const ROLES = ['manager', 'worker']

const KNOWN_KEYS = `${NODE_ATTRIBUTES.join(', ')} or ${NODE_LABEL_PREFIX}<key>`

/**
 * Checks a node attribute (`node.role`, `node.labels.zone`, …) and normalises it: the fixed
 * keys to lower case (Swarm matches them case-insensitively), a label key kept as written
 * after the lower-cased `node.labels.` prefix.
 */
export function parseNodeAttribute(key: string): string | { error: string } {
  if (!KEY.test(key)) return { error: `invalid key ${JSON.stringify(key)}` }
  const lower = key.toLowerCase()
  if (NODE_ATTRIBUTES.includes(lower)) return lower
  if (lower.startsWith(NODE_LABEL_PREFIX)) {
    const label = key.slice(NODE_LABEL_PREFIX.length)
    return label ? NODE_LABEL_PREFIX + label : { error: `missing label name after "${NODE_LABEL_PREFIX}"` }
  }
  if (lower.startsWith(ENGINE_LABEL_PREFIX)) {
    return {
      error: `engine labels are not supported: berth nodes have node labels only (use ${NODE_LABEL_PREFIX}<key>)`,
    }
  }
  return { error: `unknown key ${JSON.stringify(key)} (use ${KNOWN_KEYS})` }
}

/**
 * Parses `key==value` or `key!=value`. Whitespace around key and value is ignored, as in
 * Swarm; a `node.role` value must be `manager` or `worker` (any case).
 */
export function parseConstraint(expr: string): Constraint | { error: string } {
  for (const operator of OPERATORS) {
    const at = expr.indexOf(operator)
    if (at < 0) continue
    const key = parseNodeAttribute(expr.slice(0, at).trim())
    if (typeof key !== 'string') return key
    const value = expr.slice(at + operator.length).trim()
    if (!VALUE.test(value)) {
      return { error: value ? `invalid value ${JSON.stringify(value)}` : `missing value after "${operator}"` }
    }
    if (key === 'node.role' && !ROLES.includes(value.toLowerCase())) {
      return { error: `node.role is manager or worker, not ${JSON.stringify(value)}` }
    }
    return { key, operator, value }
  }
  return { error: 'expected key==value or key!=value' }
}
