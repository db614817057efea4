/** A path into a compose file's data: mapping keys and sequence indexes. */
export type ComposePath = readonly (string | number)[]

/** `services.web.ports[0].target`: how messages name a place in a compose file. */
export function showPath(path: ComposePath): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += out === '' ? segment : `.${segment}`
  }
  return out || '(top level)'
}

/** Whether `path` matches `pattern`, where `*` stands for any one key or index. */
export function matchesPath(pattern: readonly string[], path: ComposePath): boolean {
  return pattern.length === path.length && pattern.every((p, i) => p === '*' || p === String(path[i]))
}
