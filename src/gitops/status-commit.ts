import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { parseAllDocuments } from 'yaml'
import { utf8 } from '../io/utf8-text.js'
import { nameList } from '../model/name-list.js'
import type { Entry } from './blobs.js'
import { indexEntries, readBlobs, treeEntries } from './blobs.js'
import { GitError } from './git.js'
import { refreshIndex } from './index-refresh.js'
import type { Repo } from './repo.js'
import { isManifestPath, prefixPathspec } from './repo.js'
import { onlyStatusDiffers } from './status-only.js'

/** Who commits berth's status. */
export const BERTH_IDENTITY = {
  GIT_AUTHOR_NAME: 'berth',
  GIT_AUTHOR_EMAIL: 'berth@localhost',
  GIT_COMMITTER_NAME: 'berth',
  GIT_COMMITTER_EMAIL: 'berth@localhost',
}

/** A status commit berth made. */
export interface StatusCommit {
  readonly commit: string
  readonly message: string
  readonly files: readonly string[]
}

/** A manifest whose only uncommitted change is its status. */
interface StatusChange {
  readonly entry: Entry
  readonly text: Buffer
  readonly resources: readonly string[]
}

/**
 * Commits the manifests whose only change since HEAD is berth's status, as
 * `berth <berth@localhost>`, with a message naming the resources. A file that also carries
 * an uncommitted change outside `status` (compared as text, byte for byte) or anything
 * staged is left out. The commit is built in a temporary index from HEAD, so nothing a
 * person staged is included, and HEAD moves only if it has not moved meanwhile.
 * Undefined when there is nothing to commit.
 */
export async function commitStatus(repo: Repo): Promise<StatusCommit | undefined> {
  return repo.git.exclusive(async () => {
    const head = await currentHead(repo)
    if (!head) return undefined
    await refreshIndex(repo)
    const spec = prefixPathspec(repo)
    const dirty = (await repo.git.run(['diff-index', '--name-only', '-z', head, '--', spec]))
      .split('\0')
      .filter((p) => p !== '' && isManifestPath(repo, p))
    if (dirty.length === 0) return undefined
    const changes = await statusChanges(repo, head, dirty)
    if (changes.length === 0) return undefined
    const ids = new Map<string, string>()
    for (const c of changes)
      ids.set(
        c.entry.path,
        (await repo.git.run(['hash-object', '-w', '--no-filters', '--stdin'], { input: c.text })).trim(),
      )
    const updated = changes.map((c) => ({ ...c.entry, id: ids.get(c.entry.path) as string }))
    const message = commitMessage(changes)
    const tree = await treeWith(repo, head, updated)
    const commit = (
      await repo.git.run(['commit-tree', tree, '-p', head, '-F', '-'], {
        input: message,
        env: BERTH_IDENTITY,
      })
    ).trim()
    try {
      await repo.git.run(['update-ref', '-m', 'berth: status', 'HEAD', commit, head])
    } catch (error) {
      if (error instanceof GitError) return undefined // HEAD moved under us: next round
      throw error
    }
    // The real index follows the new commit for these files only; zeroed stat data makes
    // git compare them with the work tree by content.
    const input = updated.map((e) => `${e.mode} ${e.id} 0\t${e.path}\0`).join('')
    await repo.git.run(['update-index', '-z', '--index-info'], { input })
    await refreshIndex(repo)
    return { commit, message, files: updated.map((e) => e.path) }
  })
}

async function currentHead(repo: Repo): Promise<string | undefined> {
  try {
    return (await repo.git.run(['rev-parse', '--verify', '-q', 'HEAD^{commit}'])).trim()
  } catch {
    return undefined // no commit yet
  }
}

/** The dirty files whose work-tree text differs from HEAD's only in status, with nothing staged. */
async function statusChanges(repo: Repo, head: string, dirty: readonly string[]): Promise<StatusChange[]> {
  const spec = prefixPathspec(repo)
  const committed = await treeEntries(repo.git, head, spec)
  const staged = await indexEntries(repo.git, spec)
  const blobs = await readBlobs(
    repo.git,
    dirty.flatMap((p) => committed.get(p)?.id ?? []),
  )
  const out: StatusChange[] = []
  for (const p of dirty) {
    const entry = committed.get(p)
    const index = staged.get(p)
    // New files, deleted files and anything staged are a person's work.
    if (!entry || !index || index.id !== entry.id || index.mode !== entry.mode) continue
    const before = blobs.get(entry.id)
    const text = await readFile(path.join(repo.root, p)).catch(() => undefined)
    if (!before || !text || text.equals(before) || !onlyStatusDiffers(text, before)) continue
    out.push({ entry, text, resources: changedStatuses(before, text) })
  }
  return out
}

/** `kind/name` of each document whose status differs between two versions of a file. */
function changedStatuses(before: Buffer, after: Buffer): string[] {
  const read = (bytes: Buffer) =>
    parseAllDocuments(utf8(bytes) ?? '').map((d) => {
      const value = d.toJS({ maxAliasCount: 100 }) as {
        kind?: unknown
        metadata?: { name?: unknown }
        status?: unknown
      } | null
      return value ?? {}
    })
  const old = read(before)
  return read(after).flatMap((doc, i) => {
    if (isDeepStrictEqual(doc.status, old[i]?.status)) return []
    const kind = typeof doc.kind === 'string' ? doc.kind.toLowerCase() : 'document'
    return [`${kind}/${String(doc.metadata?.name ?? i)}`]
  })
}

/** `berth: status of service/myservice, node/node1`, then the files. */
function commitMessage(changes: readonly StatusChange[]): string {
  const resources = [...new Set(changes.flatMap((c) => c.resources))].sort()
  const subject = `berth: status of ${resources.length > 0 ? nameList(resources, 6) : `${changes.length} files`}`
  const body = changes.map((c) => `  ${c.entry.path}`).join('\n')
  return `${subject}\n\nStatus written by berth; nothing outside status changed in:\n${body}\n`
}

/** HEAD's tree with the given entries replaced, built in a temporary index. */
async function treeWith(repo: Repo, head: string, entries: readonly Entry[]): Promise<string> {
  const gitPath = (await repo.git.run(['rev-parse', '--git-path', 'berth-status.index'])).trim()
  const indexFile = path.resolve(repo.root, gitPath)
  const env = { GIT_INDEX_FILE: indexFile }
  try {
    await repo.git.run(['read-tree', head], { env })
    const input = entries.map((e) => `${e.mode} ${e.id} 0\t${e.path}\0`).join('')
    await repo.git.run(['update-index', '-z', '--index-info'], { input, env })
    return (await repo.git.run(['write-tree'], { env })).trim()
  } finally {
    await rm(indexFile, { force: true })
  }
}
