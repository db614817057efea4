import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Entry } from './blobs.js'
import { indexEntries, readBlobs } from './blobs.js'
import type { Repo } from './repo.js'
import { isManifestPath, prefixPathspec } from './repo.js'
import { onlyStatusDiffers } from './status-only.js'

/**
 * Makes git re-check index entries by content: each is added again with the same mode and
 * blob but zeroed stat data (`git update-index --index-info`), which leaves what is staged
 * untouched. Needed because git trusts its stat cache: a file whose size changed is
 * "modified" without ever running the clean filter.
 */
export async function zeroStat(repo: Repo, entries: readonly Entry[]): Promise<void> {
  if (entries.length === 0) return
  const input = entries.map((e) => `${e.mode} ${e.id} 0\t${e.path}\0`).join('')
  await repo.git.run(['update-index', '-z', '--index-info'], { input })
  await refreshIndex(repo)
}

/** `git update-index -q --refresh`: records fresh stat data for entries whose content is unchanged. */
export async function refreshIndex(repo: Repo): Promise<void> {
  try {
    await repo.git.run(['update-index', '-q', '--refresh'])
  } catch {
    // Exit 1 only says some entries carry real edits; that is the person's business.
  }
}

/** Zeroes the stat data of every tracked manifest below the manifest directory (after `git setup`). */
export async function recheckAllManifests(repo: Repo): Promise<number> {
  const entries = [...(await indexEntries(repo.git, prefixPathspec(repo))).values()].filter((e) =>
    isManifestPath(repo, e.path),
  )
  await repo.git.exclusive(() => zeroStat(repo, entries))
  return entries.length
}

/**
 * After berth wrote status into tracked files: the manifests git thinks modified whose text
 * outside `status` equals what is staged get their stat data zeroed, so git sees (through
 * the clean filter) that nothing changed. A person's edit is left as it is. Returns the
 * repository paths re-checked.
 */
export async function recheckStatusWrites(repo: Repo): Promise<string[]> {
  return repo.git.exclusive(async () => {
    await refreshIndex(repo)
    const dirty = (await repo.git.run(['diff-files', '--name-only', '-z', '--', prefixPathspec(repo)]))
      .split('\0')
      .filter((p) => p !== '' && isManifestPath(repo, p))
    if (dirty.length === 0) return []
    const index = await indexEntries(repo.git, prefixPathspec(repo))
    const entries = dirty.flatMap((p) => index.get(p) ?? [])
    const blobs = await readBlobs(
      repo.git,
      entries.map((e) => e.id),
    )
    const statusOnly: Entry[] = []
    for (const entry of entries) {
      const staged = blobs.get(entry.id)
      const worktree = await readFile(path.join(repo.root, entry.path)).catch(() => undefined)
      if (staged && worktree && onlyStatusDiffers(worktree, staged)) statusOnly.push(entry)
    }
    await zeroStat(repo, statusOnly)
    return statusOnly.map((e) => e.path)
  })
}
