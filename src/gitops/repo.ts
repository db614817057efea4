import { realpath } from 'node:fs/promises'
import path from 'node:path'
import type { Git } from './git.js'
import { createGit, GitError } from './git.js'

/** A manifest directory inside a git work tree. */
export interface Repo {
  /** The work tree's top level (real path). */
  readonly root: string
  /** The manifest directory relative to `root`, with `/`; empty when it is the root. */
  readonly prefix: string
  /** git, run at `root`. */
  readonly git: Git
}

/** The git work tree holding `dir`; undefined when `dir` is not in one (or git is not installed). */
export async function openRepo(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Repo | undefined> {
  const real = await realpath(dir)
  let top: string
  try {
    top = (await createGit(real, env).run(['rev-parse', '--show-toplevel'])).trim()
  } catch (error) {
    if (error instanceof GitError) return undefined
    throw error
  }
  if (!top) return undefined // inside .git itself
  const root = await realpath(top)
  const prefix = path.relative(root, real).split(path.sep).join('/')
  return { root, prefix, git: createGit(root, env) }
}

/** Whether a repository path is a manifest file below the manifest directory. */
export function isManifestPath(repo: Repo, repoRelative: string): boolean {
  const inside = repo.prefix === '' || repoRelative.startsWith(`${repo.prefix}/`)
  return inside && /\.ya?ml$/.test(repoRelative)
}

/** `:(literal)PREFIX`: the manifest directory as a pathspec, whatever characters it holds. */
export function prefixPathspec(repo: Repo): string {
  return repo.prefix ? `:(literal)${repo.prefix}` : '.'
}
