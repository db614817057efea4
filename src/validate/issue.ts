/** Problems found in one document, each pointing at the node that is wrong. */

/** A path into a document: keys and array indices, e.g. `['spec', 'mounts', 0, 'target']`. */
export type IssuePath = (string | number)[]

/**
 * One validation problem. `path` points at the offending node (for an unknown field, the
 * field itself; for a missing one, its parent object); `message` starts with the path,
 * e.g. `spec.replicas: must be integer`.
 */
export interface SchemaIssue {
  path: IssuePath
  message: string
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/

/** Writes a path the way people read it: `spec.mounts[0].target`, `metadata.labels["a.b/c"]`. */
export function formatPath(path: IssuePath): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else if (PLAIN_KEY.test(part)) out += out ? `.${part}` : part
    else out += `[${JSON.stringify(part)}]`
  }
  return out
}

/** An issue at `path` whose message is the formatted path, a colon and `text`. */
export function issueAt(path: IssuePath, text: string): SchemaIssue {
  return { path, message: path.length > 0 ? `${formatPath(path)}: ${text}` : `document: ${text}` }
}

/** Drops exact repeats (same path and message), keeping the first. */
export function uniqueIssues(issues: SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>()
  return issues.filter((issue) => {
    const key = JSON.stringify(issue)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
