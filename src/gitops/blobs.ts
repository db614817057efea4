import type { Git } from './git.js'

/** An index or tree entry: file mode and blob id. */
export interface Entry {
  readonly path: string
  readonly mode: string
  readonly id: string
}

/** The contents of blobs by id, in one `git cat-file --batch`; missing ids are left out. */
export async function readBlobs(git: Git, ids: readonly string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>()
  const unique = [...new Set(ids)]
  if (unique.length === 0) return out
  const raw = await git.runRaw(['cat-file', '--batch'], { input: `${unique.join('\n')}\n` })
  let at = 0
  while (at < raw.length) {
    const eol = raw.indexOf(0x0a, at)
    if (eol < 0) break
    const [id, type, size] = raw.subarray(at, eol).toString('utf8').split(' ')
    at = eol + 1
    if (type === 'missing' || size === undefined || id === undefined) continue
    const end = at + Number(size)
    out.set(id, raw.subarray(at, end))
    at = end + 1
  }
  return out
}

/** Stage-0 index entries below a pathspec (`git ls-files -s`); conflicted paths are left out. */
export async function indexEntries(git: Git, pathspec: string): Promise<Map<string, Entry>> {
  const out = await git.run(['ls-files', '-s', '-z', '--', pathspec])
  return parseEntries(out, (stage) => stage === '0')
}

/** The entries of a commit's tree below a pathspec (`git ls-tree -r`). */
export async function treeEntries(git: Git, commit: string, pathspec: string): Promise<Map<string, Entry>> {
  const out = await git.run(['ls-tree', '-r', '-z', '--full-tree', commit, '--', pathspec])
  return parseEntries(out, (type) => type === 'blob')
}

/** Parses `MODE SP X SP Y TAB PATH NUL` records, keeping those whose middle field passes. */
function parseEntries(text: string, keep: (field: string) => boolean): Map<string, Entry> {
  const entries = new Map<string, Entry>()
  for (const record of text.split('\0')) {
    const tab = record.indexOf('\t')
    if (tab < 0) continue
    const [mode, a, b] = record.slice(0, tab).split(' ')
    const path = record.slice(tab + 1)
    // ls-files: mode id stage; ls-tree: mode type id.
    const [id, field] = /^[0-9a-f]{40,64}$/.test(a ?? '') ? [a, b] : [b, a]
    if (mode && id && field !== undefined && keep(field)) entries.set(path, { path, mode, id })
  }
  return entries
}
