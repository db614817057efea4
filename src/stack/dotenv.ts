/** A `.env` file read: its variables, or the first line that is not `KEY=VALUE`. */
export type DotEnv =
  | { readonly vars: ReadonlyMap<string, string> }
  | { readonly line: number; readonly error: string }

/**
 * Parses a `.env` file as Compose does: `KEY=VALUE` lines (an optional `export ` before),
 * blank lines and `#` comments; values in single quotes are literal, in double quotes they
 * take `\n`, `\t`, `\"` and `\\`; an unquoted value ends before ` #`. A bare `KEY` sets nothing.
 */
export function parseDotEnv(text: string): DotEnv {
  const vars = new Map<string, string>()
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim()
    if (line === '' || line.startsWith('#')) continue
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=\s*(.*))?$/.exec(line)
    if (!match) return { line: i + 1, error: `expected KEY=VALUE, got ${JSON.stringify(line)}` }
    const [, key, assignment, raw = ''] = match
    if (assignment === undefined) continue
    const value = unquote(raw)
    if (value === undefined) return { line: i + 1, error: `unterminated quoted value for ${key}` }
    vars.set(key as string, value)
  }
  return { vars }
}

function unquote(raw: string): string | undefined {
  const quote = raw[0]
  if (quote === "'" || quote === '"') {
    const end = raw.indexOf(quote, 1)
    if (end === -1) return undefined
    const inner = raw.slice(1, end)
    if (quote === "'") return inner
    return inner.replace(/\\([nt"\\])/g, (_m, c: string) => ({ n: '\n', t: '\t' })[c] ?? c)
  }
  return raw.replace(/\s+#.*$/, '').trim()
}
