import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { readBlobs, treeEntries } from './blobs.js'
import { GitError } from './git.js'
import { refreshIndex } from './index-refresh.js'
import type { Repo } from './repo.js'
import { onlyStatusDiffers } from './status-only.js'

/** Where the checkout follows. */
export interface Upstream {
  readonly remote: string
  readonly branch: string
}

/** What one fetch-and-fast-forward did. */
export type PullOutcome =
  | { readonly kind: 'up-to-date'; readonly head: string }
  | { readonly kind: 'fast-forwarded'; readonly from: string; readonly to: string; readonly files: number }
  /** Local commits the remote does not have, and nothing new upstream. */
  | { readonly kind: 'ahead'; readonly head: string; readonly commits: number }
  /** Cannot fast-forward without touching local work: why, and what a person can run. */
  | { readonly kind: 'blocked'; readonly reason: string; readonly advice: readonly string[] }
  | { readonly kind: 'fetch-failed'; readonly message: string }

/**
 * Fetches the upstream branch and fast-forwards the checkout to it when that is safe: never
 * over local commits the remote lacks, never over an uncommitted edit in a file the upstream
 * change touches (with berth's clean filter a status-only difference is no edit). git's own
 * `merge --ff-only` is the last guard: whatever it refuses is reported, nothing is forced.
 */
export async function pullOnce(repo: Repo, upstream: Upstream): Promise<PullOutcome> {
  const { remote, branch } = upstream
  const here = `git -C ${quoteArg(repo.root)}`
  try {
    await repo.git.run(['fetch', '--quiet', '--no-tags', remote, branch])
  } catch (error) {
    if (error instanceof GitError) return { kind: 'fetch-failed', message: firstLines(error.stderr) }
    throw error
  }
  return repo.git.exclusive(async () => {
    const target = (await repo.git.run(['rev-parse', '--verify', 'FETCH_HEAD^{commit}'])).trim()
    const head = (await repo.git.run(['rev-parse', '--verify', 'HEAD^{commit}'])).trim()
    if (head === target) return { kind: 'up-to-date', head }
    const count = async (range: string) => Number((await repo.git.run(['rev-list', '--count', range])).trim())
    if (await repo.git.test(['merge-base', '--is-ancestor', target, head]))
      return { kind: 'ahead', head, commits: await count(`${target}..${head}`) }
    if (!(await repo.git.test(['merge-base', '--is-ancestor', head, target]))) {
      const local = await count(`${target}..${head}`)
      const theirs = await count(`${head}..${target}`)
      return {
        kind: 'blocked',
        reason: `the checkout has ${plural(local, 'local commit')} that ${remote}/${branch} does not have, and ${remote}/${branch} has ${plural(theirs, 'new commit')}: the histories diverged, so a fast-forward is impossible`,
        advice: [
          `see them: ${here} log --oneline ${short(target)}..HEAD`,
          `then either rebase them onto the remote: ${here} pull --rebase ${remote} ${branch}`,
          `or push them first if they belong upstream`,
        ],
      }
    }
    await refreshIndex(repo)
    const upstreamFiles = nulList(
      await repo.git.run(['diff', '--name-only', '-z', '--no-renames', head, target]),
    )
    const localFiles = new Set(nulList(await repo.git.run(['diff-index', '--name-only', '-z', head])))
    const clash = upstreamFiles.filter((f) => localFiles.has(f))
    if (clash.length > 0) {
      const statusOnly = await statusOnlyFiles(repo, head, clash)
      const advice = [
        `see them: ${here} status && ${here} diff -- ${clash.map(quoteArg).join(' ')}`,
        `then commit them and run: ${here} pull --rebase ${remote} ${branch}`,
        `or set them aside: ${here} stash && ${here} merge --ff-only FETCH_HEAD && ${here} stash pop`,
      ]
      if (statusOnly.length > 0)
        advice.unshift(
          `${statusOnly.join(', ')} differ only in berth's status: run berth git setup so git ignores status`,
        )
      return {
        kind: 'blocked',
        reason: `uncommitted changes in ${clash.join(', ')}, which ${remote}/${branch} also changes (${short(head)}..${short(target)}); pulling would overwrite them`,
        advice,
      }
    }
    try {
      await repo.git.run(['merge', '--ff-only', '--quiet', target])
    } catch (error) {
      if (!(error instanceof GitError)) throw error
      return {
        kind: 'blocked',
        reason: `git refused to fast-forward to ${remote}/${branch} (${short(target)}): ${firstLines(error.stderr)}`,
        advice: [`see why: ${here} status`, `then: ${here} merge --ff-only FETCH_HEAD`],
      }
    }
    return { kind: 'fast-forwarded', from: head, to: target, files: upstreamFiles.length }
  })
}

/** Which of the files differ from HEAD only in status (no clean filter set up). */
async function statusOnlyFiles(repo: Repo, head: string, files: readonly string[]): Promise<string[]> {
  const committed = await treeEntries(repo.git, head, '.')
  const blobs = await readBlobs(
    repo.git,
    files.flatMap((f) => committed.get(f)?.id ?? []),
  )
  const out: string[] = []
  for (const f of files) {
    const before = blobs.get(committed.get(f)?.id ?? '')
    const now = await readFile(path.join(repo.root, f)).catch(() => undefined)
    if (before && now && !now.equals(before) && onlyStatusDiffers(now, before)) out.push(f)
  }
  return out
}

/** An abbreviated commit id, for messages. */
export function short(id: string): string {
  return id.slice(0, 7)
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function nulList(text: string): string[] {
  return text.split('\0').filter((p) => p !== '')
}

function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 6).join(' ').replace(/\s+/g, ' ')
}

/** Quotes a word for a command a person will paste into a shell. */
function quoteArg(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
