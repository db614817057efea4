/**
 * Names in a message, readable at any scale: up to `shown` in full, else the
 * first `shown` and how many more (`node-00001, node-00002, node-00003 and 297
 * more`). A status field such as `nodes` holds the whole list; the message
 * need not repeat it. `count`, when given, is how many names there are in all
 * (`names` then need only hold the first `shown`).
 */
export function nameList(names: readonly string[], shown = 3, count = names.length): string {
  if (count <= shown) return names.slice(0, count).join(', ')
  return `${names.slice(0, shown).join(', ')} and ${count - shown} more`
}
