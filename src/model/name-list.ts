/**
 * Names in a message, readable at any scale: up to `shown` in full, else the
 * first `shown` and how many more (`node-00001, node-00002, node-00003 and 297
 * more`). A status field such as `nodes` holds the whole list; the message
 * need not repeat it.
 */
export function nameList(names: readonly string[], shown = 3): string {
  if (names.length <= shown) return names.join(', ')
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`
}
