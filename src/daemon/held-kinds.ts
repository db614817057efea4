/**
 * Kinds whose absence from the store stops no running task: a Service defines only itself,
 * and a Secret, Config, Network or Volume manifest that is gone leaves the tasks that use it
 * running (only new tasks wait for it). A Node or a Plugin can: the tasks on that node, or the
 * driver they need there, would be gone.
 */
const STOP_NOTHING = new Set(['Service', 'Secret', 'Config', 'Network', 'Volume'])

/** A top-level `kind: X` line, as people and berth write it (block style, at column 0). */
const KIND_LINE = /^kind:[ \t]*(["']?)([A-Za-z]+)\1[ \t]*(#.*)?$/
const SEPARATOR = /^(---|\.\.\.)([ \t]|$)/
const BLANK = /^[ \t]*(#.*)?$/

/**
 * The kinds a file that does not load defines, document by document, as far as its text
 * says; undefined when a document names no kind berth can read (cut before its `kind:`, a
 * flow mapping, a kind cut short). A line scan, not a parse: the text may be anything.
 */
export function kindsIn(text: string): readonly string[] | undefined {
  const kinds: string[] = []
  let content = false
  let kind: string | undefined
  const endDocument = () => {
    if (content && !kind) return false
    if (kind) kinds.push(kind)
    content = false
    kind = undefined
    return true
  }
  for (const line of text.split(/\r?\n/)) {
    if (SEPARATOR.test(line)) {
      if (!endDocument()) return undefined
      continue
    }
    if (BLANK.test(line) || line.startsWith('%')) continue
    content = true
    const found = KIND_LINE.exec(line)?.[2]
    if (found && kind && found !== kind) return undefined
    if (found) kind = found
  }
  return endDocument() ? kinds : undefined
}

/**
 * Whether leaving out what a file defines (while it does not load) could stop a running task:
 * it may define a Node or a Plugin, or what it defines cannot be read. A file berth has no
 * text of (refused before reading: binary, too large) may define anything.
 */
export function mayStopTasks(text: string | undefined): boolean {
  const kinds = text === undefined ? undefined : kindsIn(text)
  return kinds === undefined || kinds.some((k) => !STOP_NOTHING.has(k))
}

/** `mayStopTasks`, worked out once per file and text: it is asked at every Service reconcile. */
export function stopCheck(): (file: string, text: string | undefined) => boolean {
  const known = new Map<string, { text: string | undefined; stops: boolean }>()
  return (file, text) => {
    const hit = known.get(file)
    if (hit && hit.text === text) return hit.stops
    const stops = mayStopTasks(text)
    known.set(file, { text, stops })
    return stops
  }
}
