/** What one node (or a group of nodes sharing the reason) lacks, as the Ready message names it. */
export interface NodeReason {
  /** `node2`, or `node1, node3` / `node1, node2, node3 and 4 more` when several share it. */
  readonly nodes: string
  readonly reason: string
}

/**
 * Reads the per-node reasons out of a Service's Ready message, which goes
 * further than Swarm and names each node: the part after ` — ` (replicated:
 * `…; 4 pending: no suitable node (…) — node2: missing network plugin X`)
 * or after `; not on ` (global), groups joined by `; `.
 */
export function nodeReasons(message: string | undefined): NodeReason[] {
  if (!message) return []
  const dash = message.indexOf(' — ')
  const notOn = message.indexOf('; not on ')
  const tail = dash >= 0 ? message.slice(dash + 3) : notOn >= 0 ? message.slice(notOn + 9) : ''
  if (tail === '') return []
  return tail.split('; ').map((group) => {
    const colon = group.indexOf(': ')
    return colon < 0
      ? { nodes: '', reason: group }
      : { nodes: group.slice(0, colon), reason: group.slice(colon + 2) }
  })
}
